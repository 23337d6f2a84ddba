/**
 * A sweep as an SVG line chart for a briefing: breaches per party against the swept value, each
 * point labelled with its count so the chart reads the same as the table.
 *
 * Written by hand rather than with a charting library: the chart is one fixed kind (a few lines on
 * two axes), it must render with no fonts or scripts from the internet, and the SVG is small enough
 * to read and check in a diff. Axis ticks are "nice" steps (1, 2, 5 x 10^k).
 */
import type { SweepResult } from './backtest.js';

const COLOURS = ['#c0392b', '#2c6fbb', '#2e8b57', '#8e44ad', '#d35400', '#555555'];
const W = 760;
const H = 420;
const M = { left: 70, right: 150, top: 74, bottom: 60 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function niceStep(span: number, target: number): number {
  const raw = span / Math.max(1, target);
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  for (const f of [1, 2, 5, 10]) if (f * mag >= raw) return f * mag;
  return 10 * mag;
}

const fmt = (v: number) => (Math.abs(v) >= 1000 && Number.isInteger(v) ? v.toLocaleString('en-US') : String(Number(v.toPrecision(6))));

export function sweepChartSvg(r: SweepResult, title: string, unit = ''): string {
  const xs = r.points.map((p) => p.value);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const series = r.parties.map((party) => ({ party, ys: r.points.map((p) => p.byParty[party]?.breaches ?? 0) }));
  const yMax = Math.max(1, ...series.flatMap((s) => s.ys));
  const yStep = niceStep(yMax, 5);
  // Headroom above the highest point for its label.
  const yTop = (Math.floor(yMax / yStep) + 1) * yStep;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const sx = (v: number) => M.left + (x1 === x0 ? pw / 2 : ((v - x0) / (x1 - x0)) * pw);
  const sy = (v: number) => M.top + ph - (v / yTop) * ph;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${M.left}" y="24" font-size="15" font-weight="bold">${esc(title)}</text>`);
  out.push(`<text x="${M.left}" y="42" fill="#555">${esc(`${r.commitment}.${r.param}: breach findings per party`)}</text>`);
  out.push(`<text x="${M.left}" y="58" fill="#555">${esc(`drafted value ${fmt(r.drafted.value)}${unit ? ' ' + unit : ''}${r.drafted.agreed ? ' (agreed)' : ' (not agreed: an assumption)'}`)}</text>`);
  // Axes and grid.
  for (let y = 0; y <= yTop + 1e-9; y += yStep) {
    out.push(`<line x1="${M.left}" x2="${M.left + pw}" y1="${sy(y)}" y2="${sy(y)}" stroke="#e3e3e3"/>`);
    out.push(`<text x="${M.left - 8}" y="${sy(y) + 4}" text-anchor="end">${fmt(y)}</text>`);
  }
  const xStep = niceStep(x1 - x0, 8);
  for (let x = Math.ceil(x0 / xStep) * xStep; x <= x1 + 1e-9; x += xStep) {
    out.push(`<line x1="${sx(x)}" x2="${sx(x)}" y1="${M.top + ph}" y2="${M.top + ph + 5}" stroke="#333"/>`);
    out.push(`<text x="${sx(x)}" y="${M.top + ph + 19}" text-anchor="middle">${fmt(x)}</text>`);
  }
  out.push(`<line x1="${M.left}" x2="${M.left + pw}" y1="${M.top + ph}" y2="${M.top + ph}" stroke="#333"/>`);
  out.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + ph}" stroke="#333"/>`);
  out.push(`<text x="${M.left + pw / 2}" y="${H - 16}" text-anchor="middle">${esc(`${r.param}${unit ? ` (${unit})` : ''}`)}</text>`);
  out.push(`<text transform="translate(18 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">breach findings</text>`);
  // The drafted value.
  if (r.drafted.value >= x0 && r.drafted.value <= x1) {
    out.push(`<line x1="${sx(r.drafted.value)}" x2="${sx(r.drafted.value)}" y1="${M.top}" y2="${M.top + ph}" stroke="#999" stroke-dasharray="4 3"/>`);
    out.push(`<text x="${sx(r.drafted.value) + 4}" y="${M.top + 12}" fill="#777">drafted</text>`);
  }
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const pts = s.ys.map((y, k) => `${sx(xs[k]!).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    // Dashed after the first, so lines that coincide (both sides of a separation) stay visible.
    out.push(`<polyline fill="none" stroke="${colour}" stroke-width="2"${i > 0 ? ' stroke-dasharray="6 3"' : ''} points="${pts}"/>`);
    s.ys.forEach((y, k) => {
      // The figures ride along as data attributes, so a test (or a reader) can check the chart against the table.
      out.push(`<circle cx="${sx(xs[k]!).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3" fill="${colour}" data-party="${esc(s.party)}" data-value="${xs[k]}" data-breaches="${y}"/>`);
      // A count is written where the line starts and wherever it changes: every value is readable
      // without a label on each of dozens of points.
      if (k === 0 || y !== s.ys[k - 1]) {
        out.push(`<text x="${sx(xs[k]!).toFixed(1)}" y="${(sy(y) - 7 - i * 11).toFixed(1)}" text-anchor="middle" fill="${colour}" font-size="10">${y}</text>`);
      }
    });
    out.push(`<line x1="${M.left + pw + 16}" x2="${M.left + pw + 36}" y1="${M.top + 10 + i * 20}" y2="${M.top + 10 + i * 20}" stroke="${colour}" stroke-width="2"${i > 0 ? ' stroke-dasharray="6 3"' : ''}/>`);
    out.push(`<text x="${M.left + pw + 42}" y="${M.top + 14 + i * 20}">${esc(s.party)}</text>`);
  });
  if (series.length === 0) out.push(`<text x="${M.left + pw / 2}" y="${M.top + ph / 2}" text-anchor="middle" fill="#777">no breach at any value</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
