import type { BrandReport } from '../metrics/query.ts';
import { dateTime, number } from './format.ts';
import { CONSOLE_TEXT, type ConsoleWords } from './i18n.ts';
import { consoleDocument, type Viewer } from './layout.tsx';

/**
 * The lead's dashboard: what `GET /api/metrics` reports for a brand, as server-rendered SVG bar
 * charts, each with the same figures as a table (screen readers, and a check that the chart says
 * what the API says). No script, no chart library.
 */
export interface DashboardInput {
  viewer: Viewer;
  brand: { id: string; name: string; timeZone: string };
  brands: Array<{ id: string; name: string }>;
  report: BrandReport;
  labels: Map<string, string>;
}

interface Bars {
  id: string;
  title: string;
  unit: string;
  rows: Array<{ key: string; label: string; value: number }>;
}

const BAR_H = 22;
const WIDTH = 420;
const LABEL_W = 130;

function Chart({ chart, v, t }: { chart: Bars; v: Viewer; t: ConsoleWords }) {
  const max = Math.max(1, ...chart.rows.map((r) => r.value));
  const height = Math.max(1, chart.rows.length) * BAR_H + 4;
  return (
    <figure class="card chart" id={chart.id} aria-labelledby={`${chart.id}-title`}>
      <figcaption id={`${chart.id}-title`}><h3>{chart.title}</h3></figcaption>
      {chart.rows.length ? (
        <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={chart.title}>
          {chart.rows.map((r, i) => {
            const w = Math.round(((WIDTH - LABEL_W - 60) * r.value) / max);
            const y = i * BAR_H + 2;
            return (
              <g>
                <text x={0} y={y + 15} class="axis">{r.label}</text>
                <rect x={LABEL_W} y={y + 3} width={Math.max(w, 1)} height={BAR_H - 8} class="bar" />
                <text x={LABEL_W + w + 6} y={y + 15} class="value">{number(v.lang, r.value)}</text>
              </g>
            );
          })}
        </svg>
      ) : <p class="muted">{t.noData}</p>}
      <table class="figures" data-chart={chart.id}>
        <caption class="sr-only">{chart.title}</caption>
        <thead><tr><th scope="col">{t.item}</th><th scope="col">{chart.unit}</th></tr></thead>
        <tbody>
          {chart.rows.map((r) => <tr data-key={r.key}><th scope="row">{r.label}</th><td data-value={String(r.value)}>{number(v.lang, r.value)}</td></tr>)}
        </tbody>
      </table>
    </figure>
  );
}

const entries = (o: Record<string, number>, label: (k: string) => string) =>
  Object.entries(o).sort((a, b) => b[1] - a[1]).map(([key, value]) => ({ key, label: label(key), value }));

export function dashboardPage(p: DashboardInput): string {
  const t = CONSOLE_TEXT[p.viewer.lang];
  const r = p.report;
  const charts: Bars[] = [
    { id: 'by-platform', title: t.volumeBy(t.channel), unit: t.mentions, rows: entries(r.volume.byPlatform, (k) => p.labels.get(k) ?? k) },
    { id: 'by-intent', title: t.volumeBy(t.intent), unit: t.mentions, rows: entries(r.volume.byIntent, (k) => t.intents[k as keyof typeof t.intents] ?? k) },
    { id: 'by-sentiment', title: t.volumeBy(t.sentiment), unit: t.mentions, rows: entries(r.volume.bySentiment, (k) => t.sentiments[k as keyof typeof t.sentiments] ?? k) },
    { id: 'backlog', title: t.backlogBy, unit: t.mentions, rows: entries(r.open.byTeam, (k) => k) },
    { id: 'first-response', title: t.firstResponseBy, unit: t.minutes, rows: Object.entries(r.firstResponse).map(([key, f]) => ({ key, label: p.labels.get(key) ?? key, value: f.medianMinutes })) },
  ];
  const main = (
    <>
      <h2>{t.dashboard} · {p.brand.name}</h2>
      {p.brands.length > 1 && (
        <form class="filters" method="get" action="/console/dashboard">
          <label>{t.brand}<select name="brand">{p.brands.map((b) => <option value={b.id} selected={b.id === p.brand.id}>{b.name}</option>)}</select></label>
          <button type="submit">{t.apply}</button>
        </form>
      )}
      <p class="muted">{dateTime(p.viewer.lang, p.brand.timeZone, r.from)} – {dateTime(p.viewer.lang, p.brand.timeZone, r.to)}{r.truncated ? ` · ${t.truncated}` : ''}</p>
      <dl class="facts card" id="totals">
        <dt>{t.mentions}</dt><dd data-value={String(r.volume.total)}>{number(p.viewer.lang, r.volume.total)}</dd>
        <dt>{t.backlog}</dt><dd data-value={String(r.open.total)}>{number(p.viewer.lang, r.open.total)}</dd>
        <dt>{t.breached}</dt><dd data-value={String(r.slaBreaches.total)}>{number(p.viewer.lang, r.slaBreaches.total)}</dd>
      </dl>
      <div class="charts">{charts.map((c) => <Chart chart={c} v={p.viewer} t={t} />)}</div>
    </>
  );
  return consoleDocument(p.viewer, `${t.dashboard} · ${p.brand.name}`, main);
}
