/**
 * The two icon containers the installers need, written by hand: both simply wrap PNG images,
 * so no image tool is needed beyond the one that renders the PNGs.
 */

/** The sizes each container carries: Windows .ico 16–256, Linux PNGs up to 1024. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
export const PNG_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];

/** Width and height of a PNG, from its IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.readUInt32BE(0) !== 0x89504e47 || png.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** A Windows .ico with one PNG entry per size (Vista and later read PNG entries). */
export function encodeIco(pngs: Buffer[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(pngs.length, 4);
  const entries: Buffer[] = [];
  let offset = 6 + 16 * pngs.length;
  for (const png of pngs) {
    const { width, height } = pngSize(png);
    const e = Buffer.alloc(16);
    e.writeUInt8(width >= 256 ? 0 : width, 0); // 0 means 256
    e.writeUInt8(height >= 256 ? 0 : height, 1);
    e.writeUInt8(0, 2); // no palette
    e.writeUInt8(0, 3);
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(e);
  }
  return Buffer.concat([header, ...entries, ...pngs]);
}

/** The sizes of an .ico's entries. */
export function readIcoSizes(ico: Buffer): number[] {
  const n = ico.readUInt16LE(4);
  return Array.from({ length: n }, (_, i) => ico.readUInt8(6 + 16 * i) || 256);
}

/** macOS .icns element types holding PNG data, by pixel size (@2x types reuse the larger image). */
export const ICNS_TYPES: [string, number][] = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

/** A macOS .icns from PNGs keyed by size; every type in ICNS_TYPES needs its size. */
export function encodeIcns(bySize: Map<number, Buffer>): Buffer {
  const elements = ICNS_TYPES.map(([type, size]) => {
    const png = bySize.get(size);
    if (!png) throw new Error(`icns needs a ${size}px image`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(elements);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([head, body]);
}

/** The element types of an .icns, with the pixel size of each one's PNG. */
export function readIcns(icns: Buffer): { type: string; width: number }[] {
  if (icns.toString('latin1', 0, 4) !== 'icns' || icns.readUInt32BE(4) !== icns.length) throw new Error('not an icns');
  const out: { type: string; width: number }[] = [];
  for (let at = 8; at < icns.length;) {
    const len = icns.readUInt32BE(at + 4);
    out.push({ type: icns.toString('latin1', at, at + 4), width: pngSize(icns.subarray(at + 8, at + len)).width });
    at += len;
  }
  return out;
}
