import type { Child } from 'hono/jsx';

/**
 * The dashboard's charts: server-rendered SVG, no script, no chart library. Every chart is drawn
 * from a `Figures` table and renders that table too (in a <details>, in the DOM): screen readers
 * read the table, and a test checks each table against `GET /api/metrics`. The SVG is one image
 * (role="img") whose label sums it up. Colours are classes (c0…c5) in console.css, no inline style.
 */
export interface FigureRow {
  key: string;
  label: string;
  /** A shorter label for a chart's axis. */
  short?: string;
  values: Array<number | null>;
}

export interface Figures {
  id: string;
  title: string;
  /** The header of the row labels' column. */
  rowHead: string;
  columns: Array<{ key: string; label: string }>;
  rows: FigureRow[];
  /** Rows under the others (totals), in the table only. */
  foot?: FigureRow[];
  /** A colour class per column (default c0, c1, … in order). */
  classes?: string[];
  /** How a value shows (the raw number is in data-value). */
  fmt: (value: number, column: number, row: string) => string;
}

const DASH = '–';
/** The colour class of the k-th drawn series, which is column `s`. */
const tone = (f: Figures, s: number, k: number) => f.classes?.[s] ?? `c${k % PALETTE}`;
const cell = (f: Figures, v: number | null, i: number, row: string) => (v === null ? DASH : f.fmt(v, i, row));

export function FigureTable({ f, toggle }: { f: Figures; toggle: string }) {
  const row = (r: FigureRow) => (
    <tr data-key={r.key}>
      <th scope="row">{r.label}</th>
      {r.values.map((v, i) => <td data-col={f.columns[i]!.key} data-value={v === null ? '' : String(v)}>{cell(f, v, i, r.key)}</td>)}
    </tr>
  );
  return (
    <details class="figures">
      <summary>{toggle}<span class="sr-only">: {f.title}</span></summary>
      <table class="figures" data-chart={f.id}>
        <caption class="sr-only">{f.title}</caption>
        <thead><tr><th scope="col">{f.rowHead}</th>{f.columns.map((c) => <th scope="col">{c.label}</th>)}</tr></thead>
        <tbody>{f.rows.map(row)}</tbody>
        {f.foot?.length ? <tfoot>{f.foot.map(row)}</tfoot> : ''}
      </table>
    </details>
  );
}

/** A chart's frame: title, legend, the SVG (or "no data"), and its table. */
export function ChartCard({ f, legend, toggle, empty, noData, wide, extra, children }: { f: Figures; legend?: Array<{ label: string; column: number }>; toggle: string; empty: boolean; noData: string; wide?: boolean; extra?: Child; children?: Child }) {
  return (
    <figure class={`card chart${wide ? ' wide' : ''}`} id={f.id} aria-labelledby={`${f.id}-title`}>
      <figcaption id={`${f.id}-title`}><h4>{f.title}</h4></figcaption>
      {legend?.length && !empty ? (
        <ul class="legend" aria-hidden="true">{legend.map((l, i) => <li><span class={`swatch ${tone(f, l.column, i)}`} />{l.label}</li>)}</ul>
      ) : ''}
      {empty ? <p class="muted">{noData}</p> : children}
      {extra ?? ''}
      <FigureTable f={f} toggle={toggle} />
    </figure>
  );
}

export const PALETTE = 6;
const W = 560;
const LABEL_W = 170;
const VALUE_W = 56;
const BAR = 12;
const GAP = 8;

/**
 * Horizontal bars, one group per row, one bar per column in `series` (grouped side by side).
 * `max`: the scale's top (100 for percentages), else the largest value.
 */
export function HBars({ f, series, summary, max }: { f: Figures; series: number[]; summary: string; max?: number }) {
  const top = max ?? Math.max(1, ...f.rows.flatMap((r) => series.map((s) => r.values[s] ?? 0)));
  const group = series.length * BAR + GAP;
  const height = f.rows.length * group + GAP;
  const span = W - LABEL_W - VALUE_W;
  return (
    <svg viewBox={`0 0 ${W} ${height}`} width="100%" role="img" aria-label={summary}>
      {f.rows.map((r, i) => {
        const y = GAP / 2 + i * group;
        return (
          <g>
            <text x={0} y={y + (series.length * BAR) / 2 + 4} class="axis">{clip(r.label, 26)}</text>
            {series.map((s, k) => {
              const v = r.values[s];
              const w = v === null || v === undefined ? 0 : Math.round((span * v) / top);
              return (
                <>
                  <rect x={LABEL_W} y={y + k * BAR + 1} width={Math.max(w, v ? 1 : 0)} height={BAR - 2} class={tone(f, s, k)} />
                  <text x={LABEL_W + w + 4} y={y + k * BAR + BAR - 2} class="value">{cell(f, v ?? null, s, r.key)}</text>
                </>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

const CH = 170;
const LEFT = 34;
const BOTTOM = 22;

/**
 * Vertical columns, one per row (a time bucket or a histogram bin), the columns in `series` stacked
 * bottom-up, or with `overlay` each from zero, the later ones in front (a part drawn over its whole).
 * `every`: label every n-th column on the x axis; `marker`: a dashed line before that column.
 */
export function Columns(p: { f: Figures; series: number[]; summary: string; every?: number; marker?: number; markerLabel?: string; overlay?: boolean; wide?: boolean }) {
  const { f, series, summary, every = 1, marker, markerLabel, overlay } = p;
  const CW = p.wide ? 1160 : 560;
  const totals = f.rows.map((r) => (overlay ? Math.max(0, ...series.map((s) => r.values[s] ?? 0)) : series.reduce((a, s) => a + (r.values[s] ?? 0), 0)));
  const top = Math.max(1, ...totals);
  const plotH = CH - BOTTOM - 8;
  const slot = (CW - LEFT) / Math.max(1, f.rows.length);
  const barW = Math.max(2, slot * 0.72);
  const y = (v: number) => 8 + plotH - (plotH * v) / top;
  return (
    <svg viewBox={`0 0 ${CW} ${CH}`} width="100%" role="img" aria-label={summary}>
      <line x1={LEFT} y1={y(0)} x2={CW} y2={y(0)} class="grid" />
      <line x1={LEFT} y1={y(top)} x2={CW} y2={y(top)} class="grid" />
      <text x={LEFT - 4} y={y(top) + 4} class="axis end">{f.fmt(top, series[0] ?? 0, '')}</text>
      <text x={LEFT - 4} y={y(0) + 4} class="axis end">0</text>
      {f.rows.map((r, i) => {
        const x = LEFT + i * slot + (slot - barW) / 2;
        let base = 0;
        return (
          <g>
            {series.map((s, k) => {
              const v = r.values[s] ?? 0;
              const rect = v > 0 ? <rect x={x} y={y(base + v)} width={barW} height={y(base) - y(base + v)} class={tone(f, s, k)} /> : '';
              if (!overlay) base += v;
              return rect;
            })}
            {i % every === 0 ? <text x={x + barW / 2} y={CH - 6} class="axis mid">{r.short ?? r.label}</text> : ''}
          </g>
        );
      })}
      {marker !== undefined ? (
        <>
          <line x1={LEFT + marker * slot} y1={4} x2={LEFT + marker * slot} y2={y(0)} class="marker" />
          <text x={LEFT + marker * slot + 3} y={14} class="axis">{markerLabel ?? ''}</text>
        </>
      ) : ''}
    </svg>
  );
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
