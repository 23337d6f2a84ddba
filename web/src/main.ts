/**
 * The Redline web app: sign in (a pasted token, or the demo's observer), then the map, the
 * findings list with filters, the evidence of one finding, the changes between two views and the
 * agreements browser. Every request goes to the server that served the page.
 */
import './style.css';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { Api, Unauthenticated, type AgreementDetail, type AgreementInfo, type Finding, type StoredFinding, type Track, type Verdict, type View } from './api.js';
import { RedlineMap, type Episode } from './map.js';
import { esc, fmtNumber, fmtPeriod, measureRow } from './text.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const api = new Api();
const state = {
  findings: [] as StoredFinding[],
  agreements: [] as AgreementInfo[],
  details: new Map<string, Promise<AgreementDetail>>(),
  views: [] as View[],
  view: '',
  compare: '',
  episodes: [] as Episode[],
  episode: undefined as Episode | undefined,
  open: undefined as Finding | undefined,
  opener: undefined as HTMLElement | undefined,
};

const map = new RedlineMap($('map'), (id) => openFinding(id));
// For the browser tests and for anyone at the console: the map and the app's state.
(window as unknown as { redline: object }).redline = { map: map.map, state };

// ---------------------------------------------------------------------------------------------
// Signing in.

async function signIn(): Promise<void> {
  if (!api.token) {
    const demo = await api.demoToken();
    if (demo) api.setToken(demo);
  }
  for (;;) {
    try {
      if (!api.token) throw new Unauthenticated('no token yet');
      const me = await api.get<{ name: string; role: string }>('/v1/me');
      $('who').textContent = `${me.name} (${me.role}${me.name === 'demo-observer' ? ', read-only demo' : ''})`;
      const out = document.createElement('button');
      out.type = 'button';
      out.textContent = 'Change token';
      out.addEventListener('click', () => { api.setToken(undefined); location.reload(); });
      $('who').append(' ', out);
      return;
    } catch (e) {
      if (!(e instanceof Unauthenticated)) throw e;
      api.setToken(undefined);
      $('login-error').textContent = e.message === 'no token yet' ? '' : e.message;
      api.setToken(await askToken());
    }
  }
}

function askToken(): Promise<string> {
  const dialog = $<HTMLDialogElement>('login');
  dialog.showModal();
  return new Promise((resolve) => {
    $('login-form').addEventListener('submit', () => resolve($<HTMLInputElement>('token').value.trim()), { once: true });
  });
}

// ---------------------------------------------------------------------------------------------
// Loading.

async function load(): Promise<void> {
  await signIn();
  const [topo, findings, agreements, views, tracks] = await Promise.all([
    fetch('/basemap/countries-50m.json').then((r) => r.json() as Promise<Topology<{ countries: GeometryCollection }>>),
    api.get<{ findings: StoredFinding[] }>('/v1/findings'),
    api.get<{ agreements: AgreementInfo[] }>('/v1/agreements'),
    api.get<{ views: View[] }>('/v1/views'),
    api.get<{ features: Track[] }>('/v1/tracks'),
  ]);
  // Breaches first, then risks, unverifiable and compliant; within each, by time.
  const rank: Record<Verdict, number> = { breach: 0, risk: 1, unverifiable: 2, compliant: 3 };
  state.findings = findings.findings.sort((a, b) => rank[a.finding.verdict] - rank[b.finding.verdict] || (a.finding.period.from ?? '').localeCompare(b.finding.period.from ?? ''));
  state.agreements = agreements.agreements;
  state.views = views.views;
  await map.setBasemap(topo);

  // Views: those findings were judged under first (most findings first), then the rest.
  const used = new Map<string, number>();
  for (const { finding } of state.findings) used.set(finding.view, (used.get(finding.view) ?? 0) + 1);
  const ids = [...new Set([...[...used].sort((a, b) => b[1] - a[1]).map(([v]) => v), ...state.views.map((v) => v.id)])];
  const describe = (id: string) => {
    const v = state.views.find((x) => x.id === id);
    return v ? `${id} (${Object.entries(v.assigns).map(([a, to]) => `${a}→${to}`).join(', ')})` : id;
  };
  fill($('view'), ids.map((id) => [id, describe(id)]));
  fill($('compare'), [['', 'none'], ...ids.map((id): [string, string] => [id, describe(id)])]);
  state.view = ids[0] ?? '';
  state.compare = ids.find((v) => v !== state.view && used.has(v)) ?? '';
  ($('view') as HTMLSelectElement).value = state.view;
  ($('compare') as HTMLSelectElement).value = state.compare;

  const filters = $<HTMLFormElement>('filters');
  fill(filters.elements.namedItem('agreement') as HTMLSelectElement, [['', 'any'], ...state.agreements.map((a): [string, string] => [a.id, a.title])]);
  const parties = [...new Set(state.findings.flatMap(({ finding }) => [...finding.obligor, ...finding.beneficiary]))].sort();
  fill(filters.elements.namedItem('party') as HTMLSelectElement, [['', 'any'], ...parties.map((p): [string, string] => [p, p])]);
  const withPlaces = state.agreements.find((a) => a.id === 'russia-nato-draft-2021') ?? state.agreements[0];
  fill($('places-agreement'), [['', 'none'], ...state.agreements.map((a): [string, string] => [a.id, a.id])]);
  ($('places-agreement') as HTMLSelectElement).value = withPlaces?.id ?? '';

  state.episodes = map.setTracks(tracks.features);
  fill($('episode'), [['', `all tracks (${tracks.features.length})`], ...state.episodes.map((e, i): [string, string] => [String(i), e.label])]);
  chooseEpisode(state.episodes.length ? 0 : undefined, false);

  renderAll();
  map.frameFindings(state.findings.map((f) => f.finding));
  await showPlaces();
  document.body.dataset.ready = 'true';
}

function fill(select: HTMLSelectElement, options: [string, string][]): void {
  select.replaceChildren(...options.map(([value, label]) => new Option(label, value)));
}

async function showPlaces(): Promise<void> {
  const agreement = ($('places-agreement') as HTMLSelectElement).value;
  if (!agreement) return map.setPlaces({ type: 'FeatureCollection', features: [] });
  const fc = await api.get<GeoJSON.FeatureCollection>(`/v1/places?agreement=${encodeURIComponent(agreement)}&view=${encodeURIComponent(state.view)}`).catch(() => ({ type: 'FeatureCollection', features: [] }) as GeoJSON.FeatureCollection);
  map.setPlaces(fc);
}

// ---------------------------------------------------------------------------------------------
// The replay.

function chooseEpisode(index: number | undefined, frame: boolean): void {
  state.episode = index === undefined ? undefined : state.episodes[index];
  ($('episode') as HTMLSelectElement).value = index === undefined ? '' : String(index);
  map.showEpisode(state.episode, frame);
  setSlider(1000);
}

function window_(): [number, number] {
  const e = state.episode;
  if (e) return [e.from, e.to];
  const all = state.episodes;
  return all.length ? [all[0]!.from, Math.max(...all.map((x) => x.to))] : [0, 0];
}

function setSlider(v: number): void {
  const slider = $<HTMLInputElement>('time');
  slider.value = String(v);
  const [from, to] = window_();
  const t = from + ((to - from) * v) / 1000;
  map.setTime(t);
  $('time-label').textContent = from ? new Date(t).toISOString().replace('.000Z', 'Z') : '';
}

function sliderFor(t: number): number {
  const [from, to] = window_();
  return to > from ? Math.round(((t - from) / (to - from)) * 1000) : 1000;
}

let playing: number | undefined;
function togglePlay(): void {
  const button = $('play');
  if (playing !== undefined) {
    clearInterval(playing);
    playing = undefined;
  } else {
    const slider = $<HTMLInputElement>('time');
    if (Number(slider.value) >= 1000) setSlider(0);
    playing = window.setInterval(() => {
      const next = Number(slider.value) + 5;
      setSlider(Math.min(1000, next));
      if (next >= 1000) togglePlay();
    }, 50);
  }
  button.textContent = playing !== undefined ? 'Pause' : 'Play';
  button.setAttribute('aria-pressed', String(playing !== undefined));
}

// ---------------------------------------------------------------------------------------------
// Findings, the list and the map.

function filtered(): StoredFinding[] {
  const form = $<HTMLFormElement>('filters');
  const get = (n: string) => (form.elements.namedItem(n) as HTMLInputElement).value;
  const verdict = get('verdict'), agreement = get('agreement'), party = get('party'), text = get('text').toLowerCase();
  // Commitments judged under this view, by key: the others (kinds with no geometry are judged once,
  // under one view) are shown whatever the view, since no map enters their verdict.
  const judged = new Set(state.findings.filter(({ finding: f }) => f.view === state.view).map(({ finding: f }) => `${f.agreement}/${f.commitment}`));
  return state.findings.filter(({ finding: f }) =>
    (f.view === state.view || !judged.has(`${f.agreement}/${f.commitment}`)) &&
    (!verdict || f.verdict === verdict) &&
    (!agreement || f.agreement === agreement) &&
    (!party || f.obligor.includes(party) || f.beneficiary.includes(party)) &&
    (!text || `${f.article} ${f.agreement} ${f.commitment} ${f.assets.join(' ')} ${f.explanation}`.toLowerCase().includes(text)));
}

/** Per commitment (and reading), the verdicts under a view, e.g. "breach ×2": what a view switch can change. */
function outcomes(view: string): Map<string, string> {
  const m = new Map<string, Verdict[]>();
  for (const { finding: f } of state.findings) {
    if (f.view !== view) continue;
    const k = `${f.agreement}/${f.commitment}/${f.interpretation}`;
    m.set(k, [...(m.get(k) ?? []), f.verdict]);
  }
  const out = new Map<string, string>();
  for (const [k, vs] of m) {
    const counts = new Map<string, number>();
    for (const v of vs) counts.set(v, (counts.get(v) ?? 0) + 1);
    out.set(k, [...counts].sort().map(([v, c]) => (c > 1 ? `${v} ×${c}` : v)).join(', '));
  }
  return out;
}

function changes(): { key: string; a: string; b: string }[] {
  if (!state.compare || state.compare === state.view) return [];
  const a = outcomes(state.view), b = outcomes(state.compare);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys.filter((k) => a.has(k) && b.has(k) && a.get(k) !== b.get(k)).map((k) => ({ key: k, a: a.get(k)!, b: b.get(k)! }));
}

function renderAll(): void {
  renderFindings();
  renderChanges();
  renderAgreements();
}

function renderFindings(): void {
  const list = filtered();
  const changed = new Set(changes().map((c) => c.key));
  map.setFindings(list.map((f) => f.finding));
  const onMap = list.filter((f) => f.finding.points.length).length;
  const once = list.filter((f) => f.finding.view !== state.view).length;
  $('count').textContent = `${list.length} finding(s) under view ${state.view} (${onMap} on the map${once ? `; ${once} judged under one view only` : ''})`;
  $('findings').replaceChildren(
    ...list.map(({ finding: f }) => {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'item';
      b.dataset.id = f.id;
      b.dataset.verdict = f.verdict;
      if (state.open?.id === f.id) b.setAttribute('aria-current', 'true');
      const moved = changed.has(`${f.agreement}/${f.commitment}/${f.interpretation}`);
      b.innerHTML = `<span class="badge ${f.verdict}">${f.verdict}</span> <b>${esc(f.article)}</b> ${esc(f.commitment)}${moved ? ` <span class="changed">changes under ${esc(state.compare)}</span>` : ''}${f.view !== state.view ? ` <span class="sub">(view ${esc(f.view)} only)</span>` : ''}<br><span class="sub">${esc(f.agreement)} · ${esc(fmtPeriod(f.period))}${f.assets.length ? ` · ${esc(f.assets.join(', '))}` : ''}</span>`;
      b.addEventListener('click', () => openFinding(f.id, b));
      li.append(b);
      return li;
    }),
  );
}

function renderChanges(): void {
  const list = changes();
  $('changes-summary').textContent = !state.compare
    ? 'Choose a view to compare with (top bar).'
    : `${list.length} commitment(s) judged differently under ${state.view} and ${state.compare}.`;
  $('changes').replaceChildren(
    ...list.map(({ key, a, b }) => {
      const [agreement, commitment] = key.split('/');
      const li = document.createElement('li');
      li.className = 'change';
      li.innerHTML = `<b>${esc(agreement!)} / ${esc(commitment!)}</b><br><span class="sub">under ${esc(state.view)}: ${esc(a)} · under ${esc(state.compare)}: ${esc(b)}</span><br>`;
      for (const view of [state.view, state.compare]) {
        const f = state.findings.find(({ finding }) => finding.view === view && `${finding.agreement}/${finding.commitment}/${finding.interpretation}` === key);
        if (!f) continue;
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = `open under ${view}`;
        button.addEventListener('click', () => openFinding(f.finding.id, button));
        li.append(button, ' ');
      }
      return li;
    }),
  );
}

function agreementDetail(id: string): Promise<AgreementDetail> {
  let d = state.details.get(id);
  if (!d) state.details.set(id, (d = api.get<AgreementDetail>(`/v1/agreements/${encodeURIComponent(id)}`)));
  return d;
}

function renderAgreements(): void {
  $('agreements').replaceChildren(
    ...state.agreements.map((a) => {
      const li = document.createElement('li');
      const details = document.createElement('details');
      details.innerHTML = `<summary>${esc(a.title)} <span class="sub">(${esc(a.id)}, ${a.commitments.length} commitments)</span></summary><div class="body">loading…</div>`;
      details.addEventListener('toggle', async () => {
        if (!details.open) return;
        const d = await agreementDetail(a.id);
        const params = d.decl.parameters ?? {};
        const body = details.querySelector('.body')!;
        body.innerHTML =
          (Object.keys(params).length ? `<p class="sub">Parameters: ${Object.entries(params).map(([k, p]) => `${esc(k)} = ${esc(String(p.value ?? ''))}${p.unit ? ' ' + esc(p.unit) : ''}${p.agreed === false ? ' (not agreed)' : ''}`).join('; ')}</p>` : '') +
          d.decl.commitments
            .map((c) => `<div class="commitment" id="c-${esc(a.id)}-${esc(c.id)}"><b>${esc(c.article)}</b> ${esc(c.title)} <span class="sub">(${esc(c.kind)}, ${esc(c.id)})</span><blockquote>${esc(c.text)}</blockquote><dl>${Object.entries(c.params ?? {}).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(typeof v === 'string' ? v : JSON.stringify(v))}</dd>`).join('')}${c.source ? `<dt>source</dt><dd>${esc(c.source)}</dd>` : ''}</dl></div>`)
            .join('');
      });
      li.append(details);
      return li;
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// The evidence of one finding.

async function openFinding(id: string, opener?: HTMLElement): Promise<void> {
  const stored = state.findings.find((f) => f.finding.id === id);
  if (!stored) return;
  const f = stored.finding;
  state.open = f;
  state.opener = opener;
  const detail = await agreementDetail(f.agreement).catch(() => undefined);
  const commitment = detail?.decl.commitments.find((c) => c.id === f.commitment);
  const panel = $('evidence');
  const obs = f.points.map((p) => `<tr><td>${esc(p.asset)}</td><td>${esc(p.time)}</td><td>${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}</td><td>${p.interpolated ? 'interpolated' : esc(p.observation ?? '')}</td></tr>`).join('');
  panel.innerHTML = `<button type="button" class="close" aria-label="Close the evidence">Close</button>
<h2 id="evidence-title"><span class="badge ${f.verdict}">${f.verdict}</span> ${esc(f.article)} · ${esc(commitment?.title ?? f.commitment)}</h2>
<p class="sub">${esc(detail?.decl.title ?? f.agreement)} · <code>${esc(f.id)}</code></p>
<h3>Article</h3>
<blockquote class="article">${esc(commitment?.text ?? f.article)}</blockquote>
<h3>Measured against the limit</h3>
<table class="measures"><thead><tr><th>measured</th><th>value</th><th>limit</th></tr></thead><tbody>${f.measures.map(measureRow).join('') || '<tr><td colspan="3">no figure: judged on dated facts</td></tr>'}</tbody></table>
<p><b>View:</b> <span class="view">${esc(f.view)}</span>${f.interpretation !== 'as-written' ? ` · <b>reading</b> ${esc(f.interpretation)}` : ''} · <b>period</b> ${esc(fmtPeriod(f.period))} · <b>obligor</b> ${esc(f.obligor.join(', '))}</p>
<h3>Explanation</h3>
<p class="explanation">${esc(f.explanation)}</p>
<h3>Observations used (${fmtNumber(f.evidenceCount)})</h3>
${obs ? `<table class="keypoints"><thead><tr><th>asset</th><th>time</th><th>lat, lon</th><th>observation</th></tr></thead><tbody>${obs}</tbody></table>` : ''}
<div class="obs">${f.evidence.length ? esc(f.evidence.join(', ')) : f.evidenceCount ? 'highlighted on the map' : 'none'}</div>
${stored.attestations.length ? `<p><b>Attested by</b> ${esc(stored.attestations.map((a) => `${a.by} (${a.at})`).join(', '))}</p>` : ''}`;
  panel.hidden = false;
  panel.querySelector<HTMLButtonElement>('.close')!.addEventListener('click', closeFinding);
  map.highlight(f);
  // The replay jumps to the finding's moment, on its episode.
  const key = f.points[0] ? Date.parse(f.points[0].time) : undefined;
  if (key !== undefined) {
    const i = state.episodes.findIndex((e) => key >= e.from && key <= e.to);
    if (i >= 0 && state.episodes[i] !== state.episode) chooseEpisode(i, false);
    setSlider(sliderFor(key));
    map.highlight(f);
  }
  for (const b of document.querySelectorAll<HTMLElement>('#findings button.item')) b.toggleAttribute('aria-current', b.dataset.id === f.id);
  panel.focus({ preventScroll: true });
  panel.scrollIntoView({ block: 'start' });
}

function closeFinding(): void {
  state.open = undefined;
  $('evidence').hidden = true;
  map.highlight(undefined);
  setSlider(Number($<HTMLInputElement>('time').value));
  state.opener?.focus();
}

// ---------------------------------------------------------------------------------------------
// Exports: the same filters as the list, as the server's report route renders them.

async function exportFindings(format: string): Promise<void> {
  const form = $<HTMLFormElement>('filters');
  const q = new URLSearchParams({ format, view: state.view });
  for (const n of ['verdict', 'agreement', 'party']) {
    const v = (form.elements.namedItem(n) as HTMLSelectElement).value;
    if (v) q.set(n, v);
  }
  // A link cannot carry the token, so the page fetches the report and hands it over as a file.
  const blob = await (await api.raw(`/v1/reports?${q}`)).blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `redline-findings.${format}`;
  if (format === 'html') a.target = '_blank';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// ---------------------------------------------------------------------------------------------
// Wiring.

function selectTab(tab: HTMLElement): void {
  for (const t of document.querySelectorAll<HTMLElement>('[role=tab]')) {
    const on = t === tab;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute('aria-controls')!).hidden = !on;
  }
}

function wire(): void {
  const tabs = [...document.querySelectorAll<HTMLElement>('[role=tab]')];
  for (const [i, t] of tabs.entries()) {
    t.addEventListener('click', () => selectTab(t));
    t.addEventListener('keydown', (e) => {
      const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = tabs[(i + step + tabs.length) % tabs.length]!;
      selectTab(next);
      next.focus();
    });
  }
  $('view').addEventListener('change', async (e) => {
    state.view = (e.target as HTMLSelectElement).value;
    if (state.open && !filtered().some((f) => f.finding.id === state.open!.id)) closeFinding();
    renderAll();
    await showPlaces();
  });
  $('compare').addEventListener('change', (e) => {
    state.compare = (e.target as HTMLSelectElement).value;
    renderAll();
  });
  $('filters').addEventListener('input', () => renderFindings());
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  $('places-agreement').addEventListener('change', () => showPlaces());
  $('episode').addEventListener('change', (e) => {
    const v = (e.target as HTMLSelectElement).value;
    chooseEpisode(v === '' ? undefined : Number(v), true);
  });
  $('time').addEventListener('input', (e) => setSlider(Number((e.target as HTMLInputElement).value)));
  $('play').addEventListener('click', togglePlay);
  for (const layer of ['places', 'tracks', 'findings'] as const) $(`show-${layer}`).addEventListener('change', (e) => map.setVisible(layer, (e.target as HTMLInputElement).checked));
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-export]')) b.addEventListener('click', () => exportFindings(b.dataset.export!));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && state.open) closeFinding();
  });
}

wire();
load().catch((e: Error) => {
  document.body.dataset.error = e.message;
  $('count').textContent = `Could not load: ${e.message}`;
});
