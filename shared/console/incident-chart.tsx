import type { IncidentVolume } from '../metrics/incident-volume.ts';
import { time } from './format.ts';
import type { ConsoleLang } from './i18n.ts';
import { INCIDENT_WORDS } from './incident-words.ts';

/**
 * The incident page's small chart: customer mentions per ten minutes around the first broadcast,
 * the complaints among them drawn over them,
 * server-rendered SVG (no script, no inline style: classes from console.css), with a table that
 * says the same for screen readers and the before/after figures `/api/metrics` reports.
 */
const W = 560;
const H = 170;
const PAD = { left: 34, right: 8, top: 12, bottom: 26 };
/** Room for the full two hours, so a chart of a young incident keeps its scale. */
const SLOTS = 12;

export function IncidentChart({ v, lang, timeZone }: { v: IncidentVolume; lang: ConsoleLang; timeZone: string }) {
  const w = INCIDENT_WORDS[lang];
  const max = Math.max(1, ...v.buckets.map((b) => b.count));
  const slot = (W - PAD.left - PAD.right) / SLOTS;
  const plotH = H - PAD.top - PAD.bottom;
  const y = (n: number) => PAD.top + plotH - (n / max) * plotH;
  const before = v.buckets.filter((b) => b.side === 'before').length;
  const lineX = PAD.left + before * slot;
  const ratio = v.impact.afterBeforeRatio;
  const num = new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 2 });
  return (
    <section class="card" id="incident-chart" aria-labelledby="chart-title">
      <h3 id="chart-title">{w.chartTitle}</h3>
      <dl class="facts volume" id="volume">
        <dt>{w.volumeBefore}</dt><dd data-value={String(v.impact.volumeBefore)}>{v.impact.volumeBefore}</dd>
        <dt>{w.volumeAfter}</dt><dd data-value={String(v.impact.volumeAfter)}>{v.impact.volumeAfter}</dd>
        <dt>{w.complaintsBefore}</dt><dd data-value={String(v.impact.complaintsBefore)}>{v.impact.complaintsBefore}</dd>
        <dt>{w.complaintsAfter}</dt><dd data-value={String(v.impact.complaintsAfter)}>{v.impact.complaintsAfter}</dd>
        <dt>{w.deflection}</dt><dd data-value={ratio === null ? '' : String(ratio)}>{ratio === null ? w.noRatio : num.format(ratio)}</dd>
      </dl>
      <figure class="chart volume-chart">
        <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} aria-hidden="true" focusable="false">
          <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} />
          <line class="grid" x1={PAD.left} x2={W - PAD.right} y1={y(max)} y2={y(max)} />
          <text x={PAD.left - 6} y={y(max) + 4} text-anchor="end">{max}</text>
          <text x={PAD.left - 6} y={y(0) + 4} text-anchor="end">0</text>
          {v.buckets.map((b, n) => (
            <rect class={`bar ${b.side}`} x={PAD.left + n * slot + 2} y={y(b.count)} width={slot - 4} height={Math.max(0, y(0) - y(b.count))} />
          ))}
          {v.buckets.map((b, n) => (b.complaints ? <rect class="bar complaints" x={PAD.left + n * slot + 2} y={y(b.complaints)} width={slot - 4} height={Math.max(0, y(0) - y(b.complaints))} /> : null))}
          {v.buckets.map((b, n) => (n % 3 === 0 ? <text x={PAD.left + n * slot} y={H - 8} text-anchor="middle">{time(lang, timeZone, b.from)}</text> : null))}
          <line class="broadcast" x1={lineX} x2={lineX} y1={PAD.top - 6} y2={y(0)} />
        </svg>
        <figcaption class="muted">{w.chartCaption(v.bucketMinutes)}</figcaption>
      </figure>
      <table class="sr-only" data-chart="incident-volume">
        <caption>{w.chartTitle}</caption>
        <thead><tr><th scope="col">{w.bucketFrom}</th><th scope="col">{w.mentions}</th><th scope="col">{w.complaints}</th></tr></thead>
        <tbody>{v.buckets.map((b) => <tr data-key={b.from} data-side={b.side}><th scope="row"><time datetime={b.from}>{time(lang, timeZone, b.from)}</time></th><td data-value={String(b.count)}>{b.count}</td><td data-value={String(b.complaints)}>{b.complaints}</td></tr>)}</tbody>
      </table>
    </section>
  );
}
