/** Findings rendered for people and for other tools: a text table, GeoJSON, the explain chain. */
import type { Finding } from './finding.js';

const notInForce = (f: Finding) => f.verdict === 'unverifiable' && f.inForce?.state === 'not-in-force';

const verdictMark: Record<Finding['verdict'], string> = { breach: 'BREACH', risk: 'RISK', compliant: 'ok', unverifiable: 'n/a' };

function measureText(f: Finding): string {
  const m = f.measures[0];
  if (!m || m.value === null) return '';
  const v = m.unit === 'm' ? `${(m.value / 1000).toFixed(2)} km` : `${m.value} ${m.unit}`;
  const l = m.limit === null ? '' : m.unit === 'm' ? `${(m.limit / 1000).toFixed(2)} km` : `${m.limit} ${m.unit}`;
  const op = m.bound === 'min' ? '>=' : '<=';
  const value = m.lowerBound ? `at least ${v}` : v;
  return l ? `${value} (limit ${op} ${l}${m.assumption ? ', assumed' : ''}${m.unverifiedLimit ? ', figure not verified' : ''})` : value;
}

export function findingsTable(findings: Finding[], colour = false): string {
  const paint = (v: Finding['verdict'], s: string) => {
    if (!colour) return s;
    const code = v === 'breach' ? 31 : v === 'risk' ? 33 : v === 'compliant' ? 32 : 90;
    return `\u001b[${code}m${s}\u001b[0m`;
  };
  // The reading column appears once a party's reading is in the table, so a run on the text as
  // written prints as it always did.
  const readings = findings.some((f) => f.interpretation !== 'as-written');
  const rows = findings.map((f) => [
    f.verdict,
    `${f.agreement}/${f.commitment}`,
    f.view,
    ...(readings ? [f.interpretation] : []),
    f.period.from ? `${f.period.from.slice(0, 16)}${f.period.to && f.period.to !== f.period.from ? ` .. ${f.period.to.slice(0, 16)}` : ''}` : '',
    f.assets.slice(0, 2).join(' ') + (f.assets.length > 2 ? ` +${f.assets.length - 2}` : ''),
    measureText(f),
  ]);
  const head = ['verdict', 'commitment', 'view', ...(readings ? ['reading'] : []), 'period (UTC)', 'assets', 'measure'];
  const marks = findings.map((f) => (notInForce(f) ? 'not in force' : verdictMark[f.verdict]));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r, k) => (i === 0 ? marks[k]!.length : r[i]!.length))));
  const line = (cells: string[], verdict?: Finding['verdict'], mark?: string) =>
    cells
      .map((c, i) => {
        const text = i === 0 && verdict ? (mark ?? verdictMark[verdict]) : c;
        const padded = text.padEnd(widths[i]!);
        return i === 0 && verdict ? paint(verdict, padded) : padded;
      })
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r, k) => line(r, r[0] as Finding['verdict'], marks[k]))].join('\n');
}

export function summaryLine(findings: Finding[]): string {
  const count = (v: Finding['verdict']) => findings.filter((f) => f.verdict === v).length;
  const out = findings.filter(notInForce).length;
  return `${findings.length} findings: ${count('breach')} breach, ${count('risk')} risk, ${count('compliant')} compliant, ${count('unverifiable')} unverifiable${out ? ` (${out} not in force under a reading)` : ''}`;
}

/** One Feature per key point of each finding (the place of the breach), plus findings with no point as null geometry. */
export function findingsGeoJSON(findings: Finding[]): object {
  const features = findings.map((f) => {
    const pts = f.points.map((p) => [p.lon, p.lat]);
    const geometry = pts.length === 0 ? null : pts.length === 1 ? { type: 'Point', coordinates: pts[0] } : { type: 'MultiPoint', coordinates: pts };
    const m = f.measures[0];
    return {
      type: 'Feature',
      id: f.id,
      geometry,
      properties: {
        id: f.id,
        verdict: f.verdict,
        agreement: f.agreement,
        commitment: f.commitment,
        article: f.article,
        view: f.view,
        interpretation: f.interpretation,
        inForce: f.inForce?.state ?? null,
        obligor: f.obligor.join(','),
        from: f.period.from,
        to: f.period.to,
        assets: f.assets.join(','),
        measure: m?.name ?? null,
        value: m?.value ?? null,
        limit: m?.limit ?? null,
        unit: m?.unit ?? null,
        assumed: m?.assumption ? m.assumption.parameter : null,
        unverifiedLimit: m?.unverifiedLimit ? m.unverifiedLimit.parameter : null,
        lowerBound: m?.lowerBound ?? false,
        explanation: f.explanation,
        evidence: f.evidence.slice(0, 20).join(' '),
        // simplestyle-spec colours, which geojson.io and many viewers honour.
        'marker-color': f.verdict === 'breach' ? '#d7191c' : f.verdict === 'risk' ? '#fdae61' : f.verdict === 'compliant' ? '#1a9641' : '#999999',
      },
    };
  });
  return { type: 'FeatureCollection', features };
}

export function explainText(f: Finding): string {
  const verdict = notInForce(f) ? 'NOT IN FORCE (unverifiable)' : f.verdict.toUpperCase();
  const reading = f.interpretation === 'as-written' ? '' : `, reading ${f.interpretation}`;
  const lines = [`${f.id}: ${verdict} (${f.article}, view ${f.view}${reading})`, `  ${f.explanation}`];
  for (const s of f.trace) lines.push(`  - ${s.step}: ${s.detail}`);
  for (const m of f.measures) {
    const unverified = m.unverifiedLimit ? ` (figure ${m.unverifiedLimit.confidence === 'not-verified' ? 'not verified' : 'partly verified'}: $${m.unverifiedLimit.parameter}${m.unverifiedLimit.source && !m.assumption ? `, ${m.unverifiedLimit.source}` : ''})` : '';
    const limit = m.limit === null ? '' : ` against limit ${m.bound === 'min' ? '>=' : '<='} ${m.limit} ${m.unit}${m.assumption ? ` (not agreed: assumed value of $${m.assumption.parameter}${m.assumption.source ? `, ${m.assumption.source}` : ''})` : ''}${unverified}`;
    lines.push(`  - measure: ${m.name} = ${m.lowerBound ? 'at least ' : ''}${m.value} ${m.unit}${limit}`);
  }
  if (f.evidence.length) lines.push(`  - evidence (${f.evidenceCount}): ${f.evidence.slice(0, 10).join(', ')}${f.evidenceCount > 10 ? ', ...' : ''}`);
  return lines.join('\n');
}
