// Draws media/icon.png (128x128): a rounded square with a blue-to-teal gradient, three white bars
// and a trend line joining dots above them. Only node:zlib is used, so the icon can be rebuilt
// anywhere without image tools:   node scripts/makeIcon.mjs
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
/** Sub-samples per pixel side: 4x4 samples give smooth (anti-aliased) edges. */
const SUPERSAMPLE = 4;
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'media', 'icon.png');

const TOP_LEFT = [0x3b, 0x5b, 0xdb]; // blue
const BOTTOM_RIGHT = [0x0f, 0xb5, 0xae]; // teal

/** Signed distance to a rounded rectangle (negative inside). */
function roundedRect(x, y, left, top, right, bottom, radius) {
  const cx = (left + right) / 2;
  const cy = (top + bottom) / 2;
  const qx = Math.abs(x - cx) - ((right - left) / 2 - radius);
  const qy = Math.abs(y - cy) - ((bottom - top) / 2 - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

/** Distance from a point to a segment. */
function segment(x, y, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy);
}

const bars = [
  { left: 28, top: 72, right: 46 },
  { left: 55, top: 56, right: 73 },
  { left: 82, top: 38, right: 100 },
];
const BAR_BOTTOM = 102;
const dots = [
  [37, 56],
  [64, 40],
  [91, 22],
];

/** Coverage in [0, 1] of the background and of the white marks at one sample point. */
function sample(x, y) {
  const background = roundedRect(x, y, 4, 4, 124, 124, 26) <= 0;
  const onBar = bars.some((b) => roundedRect(x, y, b.left, b.top, b.right, BAR_BOTTOM + 6, 4) <= 0 && y <= BAR_BOTTOM);
  const onLine = segment(x, y, dots[0], dots[1]) <= 2.5 || segment(x, y, dots[1], dots[2]) <= 2.5;
  const onDot = dots.some(([dx, dy]) => Math.hypot(x - dx, y - dy) <= 6);
  return { background, mark: background && (onBar || onLine || onDot) };
}

const raw = Buffer.alloc(SIZE * (1 + SIZE * 4));
for (let py = 0; py < SIZE; py++) {
  const row = py * (1 + SIZE * 4);
  raw[row] = 0; // filter type "None"
  for (let px = 0; px < SIZE; px++) {
    let background = 0;
    let mark = 0;
    for (let sy = 0; sy < SUPERSAMPLE; sy++) {
      for (let sx = 0; sx < SUPERSAMPLE; sx++) {
        const s = sample(px + (sx + 0.5) / SUPERSAMPLE, py + (sy + 0.5) / SUPERSAMPLE);
        if (s.background) background++;
        if (s.mark) mark++;
      }
    }
    const samples = SUPERSAMPLE * SUPERSAMPLE;
    const t = (px + py) / (2 * (SIZE - 1));
    const markShare = background === 0 ? 0 : mark / background;
    const offset = row + 1 + px * 4;
    for (let c = 0; c < 3; c++) {
      const gradient = TOP_LEFT[c] + (BOTTOM_RIGHT[c] - TOP_LEFT[c]) * t;
      raw[offset + c] = Math.round(gradient + (255 - gradient) * markShare);
    }
    raw[offset + 3] = Math.round((255 * background) / samples);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bits per channel
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, png);
console.log(`wrote ${OUT} (${png.length} bytes)`);
