import { OPEN_STATES } from '../case.ts';
import { AGE_BUCKETS, type SlaFigures } from '../metrics/cases.ts';
import type { BrandReport } from '../metrics/query.ts';
import { TIME_BUCKETS } from '../metrics/series.ts';
import type { Figures, FigureRow } from './charts.tsx';
import type { DashboardWords } from './dashboard-text.ts';
import { localeOf, number } from './format.ts';
import type { ConsoleLang, ConsoleWords } from './i18n.ts';

/**
 * The dashboard's tables, built from the report exactly as `GET /api/metrics` gives it: every
 * `data-value` is a figure of the report, untouched (the browser test compares them one by one).
 * The charts draw these same tables.
 */
export interface FigureContext {
  lang: ConsoleLang;
  timeZone: string;
  t: ConsoleWords;
  d: DashboardWords;
  /** Channel id → its name. */
  channels: Map<string, string>;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function fmtDate(c: FigureContext, iso: string, o: Intl.DateTimeFormatOptions): string {
  const key = `${c.lang}|${c.timeZone}|${JSON.stringify(o)}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(localeOf(c.lang), { ...o, timeZone: c.timeZone })));
  return f.format(new Date(iso));
}

/** A bucket's start on the brand's clock: "09:00" (hourly) or "1 Dec" (daily); `long` adds the date / weekday. */
export function bucketLabel(c: FigureContext, iso: string, bucket: 'hour' | 'day', long = false): string {
  if (bucket === 'hour') return long ? fmtDate(c, iso, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) : fmtDate(c, iso, { hour: '2-digit', minute: '2-digit' });
  return long ? fmtDate(c, iso, { weekday: 'short', day: 'numeric', month: 'short' }) : fmtDate(c, iso, { day: 'numeric', month: 'short' });
}

const num = (c: FigureContext) => (v: number) => number(c.lang, v);
const pct = (c: FigureContext, v: number) => number(c.lang, v / 100, 'percent');
const byCount = (o: Record<string, number>) => Object.keys(o).sort((a, b) => o[b]! - o[a]! || a.localeCompare(b));

export const channelName = (c: FigureContext, k: string) => c.channels.get(k) ?? k;
export const intentName = (c: FigureContext, k: string) => (k === 'untriaged' ? c.d.untriaged : (c.t.intents[k as keyof typeof c.t.intents] ?? k));
export const sentimentName = (c: FigureContext, k: string) => (k === 'untriaged' ? c.d.untriaged : (c.t.sentiments[k as keyof typeof c.t.sentiments] ?? k));

const SENTIMENT_TONES: Record<string, string> = { negative: 'neg', neutral: 'neu', positive: 'pos' };

export type VolumeKind = 'platform' | 'intent' | 'sentiment';

/** Volume over time: a row per bucket, a column per channel / intent / sentiment; the totals of `volume` underneath. */
export function volumeFigures(c: FigureContext, r: BrandReport, kind: VolumeKind): Figures {
  const group = { platform: 'byPlatform', intent: 'byIntent', sentiment: 'bySentiment' } as const;
  const series = r.series[group[kind]];
  const totals = r.volume[group[kind]];
  const name = { platform: channelName, intent: intentName, sentiment: sentimentName }[kind];
  const keys = byCount(totals).filter((k) => series[k]);
  return {
    id: `volume-${kind}`,
    title: c.d.volumeOver({ platform: c.t.channel, intent: c.t.intent, sentiment: c.t.sentiment }[kind]),
    rowHead: c.d.time,
    columns: keys.map((k) => ({ key: k, label: name(c, k) })),
    rows: r.series.starts.map((start, i) => ({ key: start, label: bucketLabel(c, start, r.series.bucket, true), short: bucketLabel(c, start, r.series.bucket), values: keys.map((k) => series[k]![i]!) })),
    foot: [{ key: 'total', label: c.d.total, values: keys.map((k) => totals[k]!) }],
    ...(kind === 'sentiment' ? { classes: keys.map((k) => SENTIMENT_TONES[k] ?? 'c5') } : {}),
    fmt: num(c),
  };
}

const one = (c: FigureContext, id: string, title: string, rowHead: string, column: string, rows: FigureRow[]): Figures => ({ id, title, rowHead, columns: [{ key: 'count', label: column }], rows, fmt: num(c) });

export function backlogFigures(c: FigureContext, r: BrandReport): Figures[] {
  const b = r.cases.backlog;
  return [
    one(c, 'backlog-state', c.d.backlogState, c.t.state, c.d.cases, OPEN_STATES.map((s) => ({ key: s, label: c.t.states[s], values: [b.byState[s] ?? 0] }))),
    one(c, 'backlog-age', c.d.backlogAge, c.d.age, c.d.cases, AGE_BUCKETS.map((a) => ({ key: a, label: c.d.ages[a] ?? a, values: [b.byAge[a]] }))),
    one(c, 'backlog-team', c.d.backlogTeam, c.t.team, c.d.cases, byCount(b.byTeam).map((k) => ({ key: k, label: k, values: [b.byTeam[k]!] }))),
  ];
}

/** SLA met % per channel or team: first response and resolution side by side, with how many were counted; the brand's overall row first. */
export function slaFigures(c: FigureContext, r: BrandReport, by: 'byChannel' | 'byTeam'): Figures {
  const { firstResponse: fr, resolution: res } = r.cases.sla;
  const keys = [...new Set([...Object.keys(fr[by]), ...Object.keys(res[by])])].sort();
  const line = (key: string, label: string, a: SlaFigures['byTeam'][string] | undefined, b: SlaFigures['byTeam'][string] | undefined): FigureRow => ({
    key,
    label,
    values: [a?.metPct ?? null, b?.metPct ?? null, a?.counted ?? 0, b?.counted ?? 0],
  });
  return {
    id: by === 'byChannel' ? 'sla-channel' : 'sla-team',
    title: by === 'byChannel' ? c.d.slaChannel : c.d.slaTeam,
    rowHead: by === 'byChannel' ? c.t.channel : c.t.team,
    columns: [
      { key: 'firstResponse', label: c.d.firstResponse },
      { key: 'resolution', label: c.d.resolution },
      { key: 'firstResponseCounted', label: c.d.counted(c.d.firstResponse) },
      { key: 'resolutionCounted', label: c.d.counted(c.d.resolution) },
    ],
    rows: [line('all', c.d.all, fr, res), ...keys.map((k) => line(k, by === 'byChannel' ? channelName(c, k) : k, fr[by][k], res[by][k]))],
    fmt: (v, col) => (col < 2 ? pct(c, v) : number(c.lang, v)),
  };
}

/** A time histogram (cases per duration bucket). */
export function timeFigures(c: FigureContext, r: BrandReport, which: 'firstResponse' | 'resolution'): Figures {
  const h = which === 'firstResponse' ? r.cases.firstResponseHistogram : r.cases.resolutionHistogram;
  return one(c, which === 'firstResponse' ? 'first-response-dist' : 'resolution-dist', which === 'firstResponse' ? c.d.firstResponseDist : c.d.resolutionDist, c.d.bucket, c.d.cases, TIME_BUCKETS.map((b) => ({ key: b, label: c.d.timeBuckets[b] ?? b, values: [h[b]] })));
}

export function sentimentReplyFigures(c: FigureContext, r: BrandReport): Figures {
  const s = r.effect.sentiment.byLabel;
  return {
    id: 'sentiment-reply',
    title: c.d.sentimentReply,
    rowHead: c.t.sentiment,
    columns: [{ key: 'before', label: c.d.before }, { key: 'after', label: c.d.after }],
    rows: (['negative', 'neutral', 'positive'] as const).map((l) => ({ key: l, label: sentimentName(c, l), values: [s.before[l], s.after[l]] })),
    fmt: num(c),
  };
}

export function csatFigures(c: FigureContext, r: BrandReport): Figures {
  const s = r.cases.csat;
  return {
    id: 'csat',
    title: c.d.csat,
    rowHead: c.t.item,
    columns: [{ key: 'value', label: c.d.csat }],
    rows: [{ key: 'mean', label: c.d.csatMean, values: [s.mean] }, { key: 'satisfiedShare', label: c.d.csatSatisfied, values: [s.satisfiedShare] }],
    foot: [{ key: 'count', label: c.d.csatCount, values: [s.count] }],
    fmt: (v, _col, row) => (row === 'count' ? number(c.lang, v) : number(c.lang, v, 'percent')),
  };
}

/** Per incident: mentions and complaints in the hour before its first broadcast and the hour after. */
export function incidentFigures(c: FigureContext, r: BrandReport): Figures {
  return {
    id: 'incidents',
    title: c.d.incidentsSummary,
    rowHead: c.d.incident,
    columns: [
      { key: 'complaintsBefore', label: c.d.complaintsBefore },
      { key: 'complaintsAfter', label: c.d.complaintsAfter },
      { key: 'volumeBefore', label: c.d.mentionsBefore },
      { key: 'volumeAfter', label: c.d.mentionsAfter },
    ],
    rows: r.incidents.map((i) => ({ key: i.id, label: i.name, values: [i.complaintsBefore, i.complaintsAfter, i.volumeBefore, i.volumeAfter] })),
    fmt: num(c),
  };
}

/** One incident's two hours around the broadcast, in 10-minute buckets. */
export function incidentWindowFigures(c: FigureContext, i: BrandReport['incidents'][number]): Figures {
  return {
    id: `incident-${i.id}`,
    title: c.d.incidentWindow(i.name),
    rowHead: c.d.time,
    columns: [{ key: 'mentions', label: c.t.mentions }, { key: 'complaints', label: c.d.complaints }],
    classes: ['c0', 'neg'],
    rows: i.series.map((b) => ({ key: b.start, label: fmtDate(c, b.start, { hour: '2-digit', minute: '2-digit' }), values: [b.mentions, b.complaints] })),
    fmt: num(c),
  };
}

export function agentFigures(c: FigureContext, r: BrandReport): Figures {
  const agents = Object.entries(r.cases.agents);
  return {
    id: 'agents',
    title: c.d.agentReplies,
    rowHead: c.d.agent,
    columns: [{ key: 'cases', label: c.d.cases }, { key: 'replies', label: c.d.replies }, { key: 'handleP50', label: c.d.handleP50 }],
    rows: agents.map(([a, f]) => ({ key: a, label: a, values: [f.cases, f.replies, f.handleMinutes.p50] })),
    fmt: num(c),
  };
}
