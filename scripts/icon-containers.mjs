// The icon containers, written from the formats' layouts (little-endian ICONDIR/ICONDIRENTRY for .ico,
// big-endian 'icns' + typed chunks for .icns); both hold PNG images as they are.

/** Every PNG size made from the SVG: Linux's hicolor sizes, plus what .ico and .icns take. */
export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
/** Windows: the sizes Explorer and the taskbar pick from (256 is the largest an .ico entry can say). */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** macOS: PNG-bearing icns types and their pixel sizes. */
export const ICNS_TYPES = { icp4: 16, icp5: 32, icp6: 64, ic07: 128, ic08: 256, ic09: 512, ic10: 1024 };

/** ICONDIR (6 bytes) + one 16-byte ICONDIRENTRY per image + the PNGs; width/height 0 means 256. */
export function encodeIco(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // type 1: icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, index) => {
    const entry = 6 + 16 * index;
    header.writeUInt8(size >= 256 ? 0 : size, entry);
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt8(0, entry + 2); // no palette
    header.writeUInt8(0, entry + 3);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map(({ png }) => png)]);
}

/** 'icns' + total length, then per image: its 4-character type, 8 + length, the PNG. */
export function encodeIcns(images) {
  const chunks = images.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + chunks.reduce((sum, chunk) => sum + chunk.length, 0), 4);
  return Buffer.concat([head, ...chunks]);
}
