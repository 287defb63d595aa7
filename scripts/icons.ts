// npm run icons: renders resources/icon.svg, the one source image, into every icon the
// installers need, under resources/icons/: icon.ico (16–256), icon.icns (16–1024, with @2x),
// png/<n>x<n>.png for Linux (16–1024) and icon.png (1024, for the window on Linux).
import { Resvg } from '@resvg/resvg-js';
import fs from 'node:fs';
import path from 'node:path';
import { encodeIcns, encodeIco, ICNS_TYPES, ICO_SIZES, PNG_SIZES } from './package/icon-formats';

const root = path.resolve(import.meta.dirname, '..');
const source = path.join(root, 'resources', 'icon.svg');
const outDir = path.join(root, 'resources', 'icons');

function render(svg: string, size: number): Buffer {
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng());
}

const svg = fs.readFileSync(source, 'utf8');
const sizes = [...new Set([...ICO_SIZES, ...PNG_SIZES, ...ICNS_TYPES.map(([, s]) => s)])];
const pngs = new Map(sizes.map((s) => [s, render(svg, s)]));

fs.mkdirSync(path.join(outDir, 'png'), { recursive: true });
for (const s of PNG_SIZES) fs.writeFileSync(path.join(outDir, 'png', `${s}x${s}.png`), pngs.get(s)!);
fs.writeFileSync(path.join(outDir, 'icon.png'), pngs.get(1024)!);
fs.writeFileSync(path.join(outDir, 'icon.ico'), encodeIco(ICO_SIZES.map((s) => pngs.get(s)!)));
fs.writeFileSync(path.join(outDir, 'icon.icns'), encodeIcns(pngs));
console.log(`Wrote ${path.relative(root, outDir)}/ from ${path.relative(root, source)}`);
