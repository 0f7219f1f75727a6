// The page's globals as page.evaluate() bodies use them. This project's Node-side type set has
// no DOM (adding it clashes with Node's WebCrypto types in the emulator), so the few browser
// objects the journeys touch are typed here; types only, nothing is imported at run time.
export interface PageElement {
  matches: (selector: string) => boolean;
  nextElementSibling: PageElement | null;
  dispatchEvent: (event: unknown) => boolean;
}

export interface PageWindow {
  document: { activeElement: PageElement | null; body: PageElement };
  getComputedStyle: (el: PageElement) => {
    outlineStyle: string;
    outlineWidth: string;
    boxShadow: string;
  };
  DataTransfer: new () => {
    setData: (type: string, data: string) => void;
    items: { add: (file: unknown) => void };
  };
  File: new (parts: string[], name: string) => unknown;
  ClipboardEvent: new (type: string, init: { clipboardData: unknown; bubbles: boolean }) => unknown;
}
