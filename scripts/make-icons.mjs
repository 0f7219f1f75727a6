// Draws the app and tray icons (a teal disc with a white upward arrow) as PNGs with no image
// library, so the icons are reproducible from source: node scripts/make-icons.mjs
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};

function icon(size) {
  const rows = [];
  const r = size / 2;
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const dx = x + 0.5 - r;
      const dy = y + 0.5 - r;
      const inDisc = dx * dx + dy * dy <= r * r * 0.92;
      const u = (x + 0.5) / size;
      const v = (y + 0.5) / size;
      const shaft = Math.abs(u - 0.5) < 0.07 && v > 0.38 && v < 0.75;
      const head = v > 0.22 && v <= 0.42 && Math.abs(u - 0.5) < (v - 0.22) * 1.1;
      const o = 1 + x * 4;
      if (inDisc && (shaft || head)) row.set([255, 255, 255, 255], o);
      else if (inDisc) row.set([0x1d, 0xd4, 0xca, 255], o);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

writeFileSync(new URL('../build/icons/512x512.png', import.meta.url), icon(512));
writeFileSync(new URL('../build/icon.png', import.meta.url), icon(512));
writeFileSync(new URL('../build/icons/tray.png', import.meta.url), icon(32));
