// @ts-check
// A hand-written two-panel line chart (no dependencies): left y1 linear, right y2 log.

const COLORS = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e'];

/** @param {string} s */
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * @param {string} title
 * @param {{ name: string, points: { x: number, y1: number, y2: number }[] }[]} series
 * @param {{ x: string, y1: string, y2: string }} labels
 */
export function sweepChart(title, series, labels) {
  const W = 900;
  const H = 380;
  const panelW = 380;
  const panelH = 260;
  const top = 60;
  const lefts = [70, 70 + panelW + 80];
  const all = series.flatMap((s) => s.points);
  const xMax = Math.max(1, ...all.map((p) => p.x));
  const y1Max = Math.max(1, ...all.map((p) => p.y1));
  const y2Min = 1;
  const y2Max = Math.max(10, ...all.map((p) => p.y2 || 1));
  const lx = (/** @type {number} */ v, /** @type {number} */ left) => left + (v / xMax) * panelW;
  const ly1 = (/** @type {number} */ v) => top + panelH - (v / y1Max) * panelH;
  const ly2 = (/** @type {number} */ v) =>
    top + panelH - ((Math.log10(Math.max(v, y2Min)) - Math.log10(y2Min)) / (Math.log10(y2Max) - Math.log10(y2Min))) * panelH;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(title)}</text>`,
  ];
  for (const [i, left] of lefts.entries()) {
    out.push(`<rect x="${left}" y="${top}" width="${panelW}" height="${panelH}" fill="none" stroke="#999"/>`);
    out.push(`<text x="${left + panelW / 2}" y="${top + panelH + 32}" text-anchor="middle">${esc(labels.x)}</text>`);
    out.push(`<text x="${left + panelW / 2}" y="${top - 8}" text-anchor="middle">${esc(i === 0 ? labels.y1 : labels.y2)}</text>`);
    for (let k = 0; k <= 4; k++) {
      const xv = (xMax * k) / 4;
      out.push(`<text x="${lx(xv, left)}" y="${top + panelH + 14}" text-anchor="middle">${Math.round(xv).toLocaleString('en-US')}</text>`);
    }
  }
  for (let k = 0; k <= 4; k++) {
    const v = (y1Max * k) / 4;
    out.push(`<text x="${lefts[0] - 6}" y="${ly1(v) + 4}" text-anchor="end">${Math.round(v).toLocaleString('en-US')}</text>`);
  }
  for (let v = 1; v <= y2Max * 1.0001; v *= 10) {
    out.push(`<text x="${lefts[1] - 6}" y="${ly2(v) + 4}" text-anchor="end">${v}</text>`);
    out.push(`<line x1="${lefts[1]}" x2="${lefts[1] + panelW}" y1="${ly2(v)}" y2="${ly2(v)}" stroke="#eee"/>`);
  }
  out.push(`<line x1="${lefts[1]}" x2="${lefts[1] + panelW}" y1="${ly2(100)}" y2="${ly2(100)}" stroke="#d62728" stroke-dasharray="4 3"/>`);
  for (const [i, s] of series.entries()) {
    const color = COLORS[i % COLORS.length];
    const p1 = s.points.map((p) => `${lx(p.x, lefts[0]).toFixed(1)},${ly1(p.y1).toFixed(1)}`).join(' ');
    const p2 = s.points.map((p) => `${lx(p.x, lefts[1]).toFixed(1)},${ly2(p.y2 || 1).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${p1}" fill="none" stroke="${color}" stroke-width="2"/>`);
    out.push(`<polyline points="${p2}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const p of s.points) {
      out.push(`<circle cx="${lx(p.x, lefts[0]).toFixed(1)}" cy="${ly1(p.y1).toFixed(1)}" r="3" fill="${color}"/>`);
      out.push(`<circle cx="${lx(p.x, lefts[1]).toFixed(1)}" cy="${ly2(p.y2 || 1).toFixed(1)}" r="3" fill="${color}"/>`);
    }
    out.push(`<rect x="${lefts[0] + 10 + i * 120}" y="${H - 22}" width="12" height="12" fill="${color}"/>`);
    out.push(`<text x="${lefts[0] + 26 + i * 120}" y="${H - 12}">${esc(s.name)}</text>`);
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
