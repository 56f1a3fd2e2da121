import type { Distribution } from '../metrics/cases.ts';
import type { BrandReport } from '../metrics/query.ts';
import { ChartCard, Columns, type Figures, HBars } from './charts.tsx';
import { agentFigures, backlogFigures, csatFigures, type FigureContext, incidentFigures, incidentWindowFigures, sentimentReplyFigures, slaFigures, timeFigures, volumeFigures } from './dashboard-figures.ts';
import { DASHBOARD_TEXT, type DashboardRange, RANGES } from './dashboard-text.ts';
import { dateTime, number } from './format.ts';
import { CONSOLE_TEXT } from './i18n.ts';
import { consoleDocument, type Viewer } from './layout.tsx';

/**
 * The lead's dashboard: what `GET /api/metrics` reports for a brand and period, as server-rendered
 * SVG charts (charts.tsx), each with the same figures as a table (dashboard-figures.ts). No script.
 */
export interface DashboardInput {
  viewer: Viewer;
  brand: { id: string; name: string; timeZone: string };
  brands: Array<{ id: string; name: string }>;
  range: DashboardRange;
  report: BrandReport;
  labels: Map<string, string>;
}

/** At most this many incidents get a chart of their own (all are in the summary table). */
const INCIDENT_CHARTS = 6;

const hasValues = (f: Figures, cols?: number[]) => f.rows.some((r) => r.values.some((v, i) => v !== null && v !== 0 && (!cols || cols.includes(i))));

/** "title: label a 3, b 2; label …" over the drawn columns. */
function barsSummary(f: Figures, series: number[]): string {
  const parts = f.rows.map((r) => `${r.label} ${series.map((s) => `${series.length > 1 ? `${f.columns[s]!.label} ` : ''}${r.values[s] === null ? '–' : f.fmt(r.values[s]!, s, r.key)}`).join(', ')}`);
  return `${f.title}: ${parts.join('; ')}.`;
}

export function dashboardPage(p: DashboardInput): string {
  const lang = p.viewer.lang;
  const t = CONSOLE_TEXT[lang];
  const d = DASHBOARD_TEXT[lang];
  const r = p.report;
  const c: FigureContext = { lang, timeZone: p.brand.timeZone, t, d, channels: p.labels };
  const card = { toggle: d.table, noData: t.noData };

  const bars = (f: Figures, series: number[], max?: number) => (
    <ChartCard f={f} legend={series.length > 1 ? series.map((s) => ({ label: f.columns[s]!.label, column: s })) : undefined} empty={!hasValues(f, series)} {...card}>
      <HBars f={f} series={series} max={max} summary={barsSummary(f, series)} />
    </ChartCard>
  );
  const overTime = (f: Figures) => {
    const totals = f.rows.map((row) => row.values.reduce<number>((a, v) => a + (v ?? 0), 0));
    const peak = totals.indexOf(Math.max(...totals));
    const summary = d.summarySeries(f.title, `${number(lang, totals.reduce((a, b) => a + b, 0))} ${t.mentions.toLowerCase()}`, f.rows.length, peak >= 0 && totals[peak] ? f.rows[peak]!.label : '');
    return (
      <ChartCard f={f} legend={f.columns.map((col, i) => ({ label: col.label, column: i }))} empty={!hasValues(f)} wide {...card}>
        <Columns f={f} series={f.columns.map((_, i) => i)} wide every={Math.ceil(f.rows.length / 16)} summary={summary} />
      </ChartCard>
    );
  };
  const histogram = (f: Figures, dist: Distribution) => (
    <ChartCard f={f} empty={!hasValues(f)} {...card} extra={<Stats id={f.id} dist={dist} />}>
      <Columns f={f} series={[0]} summary={barsSummary(f, [0])} />
    </ChartCard>
  );
  function Stats({ id, dist }: { id: string; dist: Distribution }) {
    const value = (v: number | null) => (v === null ? '–' : `${number(lang, v)} ${d.min}`);
    return (
      <dl class="facts stats" data-stats={id}>
        <dt>{d.cases}</dt><dd data-key="count" data-value={String(dist.count)}>{number(lang, dist.count)}</dd>
        <dt>{d.median}</dt><dd data-key="p50" data-value={dist.p50 === null ? '' : String(dist.p50)}>{value(dist.p50)}</dd>
        <dt>{d.p90}</dt><dd data-key="p90" data-value={dist.p90 === null ? '' : String(dist.p90)}>{value(dist.p90)}</dd>
      </dl>
    );
  }

  const incidents = incidentFigures(c, r);
  const main = (
    <>
      <h2>{t.dashboard} · {p.brand.name}</h2>
      <form class="filters" method="get" action="/console/dashboard">
        <input type="hidden" name="lang" value={lang} />
        {p.brands.length > 1 ? (
          <label>{t.brand}<select name="brand">{p.brands.map((b) => <option value={b.id} selected={b.id === p.brand.id}>{b.name}</option>)}</select></label>
        ) : <input type="hidden" name="brand" value={p.brand.id} />}
        <label>{d.range}<select name="range">{(Object.keys(RANGES) as DashboardRange[]).map((k) => <option value={k} selected={k === p.range}>{d.ranges[k]}</option>)}</select></label>
        <button type="submit">{t.apply}</button>
      </form>
      <p class="muted" id="period" data-from={r.from} data-to={r.to}>{d.ranges[p.range]}: {dateTime(lang, p.brand.timeZone, r.from)} – {dateTime(lang, p.brand.timeZone, r.to)}{r.truncated ? ` · ${t.truncated}` : ''}</p>
      <dl class="facts card" id="totals">
        <dt>{t.mentions}</dt><dd data-value={String(r.volume.total)}>{number(lang, r.volume.total)}</dd>
        <dt>{t.backlog}</dt><dd data-value={String(r.open.total)}>{number(lang, r.open.total)}</dd>
        <dt>{t.breached}</dt><dd data-value={String(r.slaBreaches.total)}>{number(lang, r.slaBreaches.total)}</dd>
      </dl>
      <section aria-labelledby="s-volume"><h3 id="s-volume">{d.volume}</h3>
        <div class="charts">{(['platform', 'intent', 'sentiment'] as const).map((k) => overTime(volumeFigures(c, r, k)))}</div>
      </section>
      <section aria-labelledby="s-backlog"><h3 id="s-backlog">{d.backlog}</h3>
        <div class="charts">{backlogFigures(c, r).map((f) => bars(f, [0]))}</div>
      </section>
      <section aria-labelledby="s-sla"><h3 id="s-sla">{d.sla}</h3>
        <div class="charts">{bars(slaFigures(c, r, 'byChannel'), [0, 1], 100)}{bars(slaFigures(c, r, 'byTeam'), [0, 1], 100)}</div>
      </section>
      <section aria-labelledby="s-times"><h3 id="s-times">{d.times}</h3>
        <div class="charts">{histogram(timeFigures(c, r, 'firstResponse'), r.cases.firstResponseMinutes)}{histogram(timeFigures(c, r, 'resolution'), r.cases.resolutionMinutes)}</div>
      </section>
      <section aria-labelledby="s-effect"><h3 id="s-effect">{d.effect}</h3>
        <div class="charts">{bars(sentimentReplyFigures(c, r), [0, 1])}{bars(csatFigures(c, r), [0], 1)}</div>
      </section>
      <section aria-labelledby="s-incidents"><h3 id="s-incidents">{d.incidents}</h3>
        <div class="charts">
          {bars(incidents, [0, 1])}
          {r.incidents.slice(-INCIDENT_CHARTS).map((i) => {
            const f = incidentWindowFigures(c, i);
            return (
              <ChartCard f={f} legend={[{ label: t.mentions, column: 0 }, { label: d.complaints, column: 1 }]} empty={false} wide {...card}>
                <Columns f={f} series={[0, 1]} overlay wide marker={f.rows.length / 2} markerLabel={d.broadcast} summary={`${f.title}: ${d.complaintsBefore} ${number(lang, i.complaintsBefore)}, ${d.complaintsAfter} ${number(lang, i.complaintsAfter)}; ${d.mentionsBefore} ${number(lang, i.volumeBefore)}, ${d.mentionsAfter} ${number(lang, i.volumeAfter)}.`} />
              </ChartCard>
            );
          })}
        </div>
      </section>
      <section aria-labelledby="s-agents"><h3 id="s-agents">{d.agents}</h3>
        <div class="charts">{bars(agentFigures(c, r), [0, 1])}</div>
      </section>
    </>
  );
  return consoleDocument(p.viewer, `${t.dashboard} · ${p.brand.name}`, main);
}
