// jsdom has no layout: every element measures 0 × 0, so a virtualised list would think its
// viewport is empty (nothing rendered) or its rows flat (everything rendered). These sizes stand
// in for the real CSS ones (renderer/styles): a 640 px tall queue viewport with 64 px rows.
const SIZES: [selector: string, width: number, height: number][] = [
  ['.queue-scroll', 900, 640],
  ['.queue-item', 900, 64],
  ['.file-scroll', 800, 300],
];

function sizeOf(el: Element, axis: 0 | 1): number {
  for (const s of SIZES) if (el.matches(s[0])) return s[axis + 1] as number;
  return 0;
}

export function fakeLayout(): void {
  const proto = HTMLElement.prototype;
  Object.defineProperty(proto, 'clientWidth', {
    configurable: true,
    get() {
      return sizeOf(this as Element, 0);
    },
  });
  Object.defineProperty(proto, 'clientHeight', {
    configurable: true,
    get() {
      return sizeOf(this as Element, 1);
    },
  });
  Object.defineProperty(proto, 'offsetWidth', {
    configurable: true,
    get() {
      return sizeOf(this as Element, 0);
    },
  });
  Object.defineProperty(proto, 'offsetHeight', {
    configurable: true,
    get() {
      return sizeOf(this as Element, 1);
    },
  });
}
