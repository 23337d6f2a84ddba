/** Text for the panels: escaping and the few number and time formats the evidence uses. */
import type { Measure } from './api.js';

export function esc(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

export function fmtNumber(v: number): string {
  return v.toLocaleString('en-GB', { maximumFractionDigits: Math.abs(v) >= 100 ? 0 : 2 });
}

export function fmtPeriod(p: { from: string | null; to: string | null }): string {
  const short = (s: string | null) => (s ? s.replace('T00:00:00.000Z', '').replace('.000Z', 'Z') : '…');
  return p.from === p.to ? short(p.from) : `${short(p.from)} – ${short(p.to)}`;
}

/** One measure as a row: the figure, and the limit it is held to (≥ for a minimum, ≤ for a maximum). */
export function measureRow(m: Measure): string {
  const value = m.value === null ? '—' : `${fmtNumber(m.value)} ${esc(m.unit)}${m.lowerBound ? ' (at least)' : ''}`;
  const limit = m.limit === null ? '—' : `${m.bound === 'min' ? '≥' : '≤'} ${fmtNumber(m.limit)} ${esc(m.unit)}${m.assumption ? ` <em title="${esc(m.assumption.source ?? '')}">assumed (${esc(m.assumption.parameter)}, not agreed)</em>` : ''}`;
  return `<tr><td>${esc(m.name)}</td><td class="value">${value}</td><td class="limit">${limit}</td></tr>`;
}
