import { type Case, type CaseEvent, type CaseState, OPEN_STATES } from '../case.ts';
import { histogram, type TimeBucket } from './series.ts';

/**
 * The figures a webcare lead reads on cases (issue 14, "Metrics on cases"). Pure: the cases come
 * from the brand's queue (case-reads.ts), the events only of the cases whose handle time counts.
 * Every duration is wall-clock minutes (not business hours: the SLA verdicts already account for
 * those, the distributions show what the customer lived through).
 */
export interface CaseMetrics {
  /** The active cases now (not bounded by from/to): by state and by age since the case opened. */
  backlog: { total: number; byState: Record<string, number>; byAge: Record<AgeBucket, number>; byTeam: Record<string, number> };
  /**
   * Share of SLA deadlines met. A case counts once its outcome is known: at its response (or
   * resolution) when that came, else when the deadline passed while its clock ran; that moment
   * must fall in the period. Dismissed and spam cases carry no SLA; a paused clock is not late.
   */
  sla: { firstResponse: SlaFigures; resolution: SlaFigures };
  /** Minutes from the case opening to the brand's first answer (answered in the period). */
  firstResponseMinutes: Distribution;
  /** Minutes from the case opening to its resolution (resolved in the period, still resolved). */
  resolutionMinutes: Distribution;
  /** The same durations as firstResponseMinutes and resolutionMinutes, counted in fixed buckets (series.ts TIME_BUCKETS). */
  firstResponseHistogram: Record<TimeBucket, number>;
  resolutionHistogram: Record<TimeBucket, number>;
  /**
   * Per assignee: the cases they hold (active now, or closed in the period), their replies in the
   * period, and their handle time: from when the case became theirs to work (assigned to them, or
   * the customer writing again while it is theirs: reopened, or back from pending) to their next
   * reply on it. Read from the case's `assigned`, `state`, `reopened` and `replied` events.
   */
  agents: Record<string, { cases: number; replies: number; handleMinutes: Distribution }>;
  /** Follow-up answers recorded in the period: how many, the mean score (0..1), the share ≥ 0.8. */
  csat: { count: number; mean: number | null; satisfiedShare: number | null };
  /** Cases reopened / cases resolved in the period (a reopened one was resolved before it came back). */
  reopen: { resolved: number; reopened: number; rate: number | null };
}

export interface SlaFigures {
  counted: number;
  met: number;
  metPct: number | null;
  byChannel: Record<string, { counted: number; met: number; metPct: number | null }>;
  byTeam: Record<string, { counted: number; met: number; metPct: number | null }>;
}

export interface Distribution {
  count: number;
  p50: number | null;
  p90: number | null;
}

export const AGE_BUCKETS = ['<1h', '1-4h', '4-24h', '1-3d', '3-7d', '>7d'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];
const HOUR = 3_600_000;
const AGE_LIMITS = [HOUR, 4 * HOUR, 24 * HOUR, 72 * HOUR, 168 * HOUR];
export const SATISFIED = 0.8;

export function ageBucket(ms: number): AgeBucket {
  const i = AGE_LIMITS.findIndex((limit) => ms < limit);
  return AGE_BUCKETS[i === -1 ? AGE_BUCKETS.length - 1 : i]!;
}

/** The percentile the way bench/stats.ts takes it (nearest rank), rounded to a tenth of a minute. */
export function distribution(values: number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => (sorted.length ? Math.round(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10 : null);
  return { count: sorted.length, p50: rank(50), p90: rank(90) };
}

const minutes = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;
const pct = (met: number, counted: number) => (counted ? Math.round((met / counted) * 1000) / 10 : null);
const NO_SLA: readonly CaseState[] = ['dismissed', 'spam'];

type Period = { from: string; to: string };
const within = (at: string | undefined, p: Period): at is string => at !== undefined && at >= p.from && at <= p.to;

/** The moment an SLA outcome became known, and whether it was met; undefined while still open. */
function verdict(done: string | undefined, due: string | undefined, running: boolean, now: string): { at: string; met: boolean } | undefined {
  if (!due) return undefined;
  if (done) return done <= due ? { at: done, met: true } : { at: due, met: false };
  return running && due < now ? { at: due, met: false } : undefined;
}

function slaFigures(cases: Case[], outcome: (c: Case) => { at: string; met: boolean } | undefined, p: Period): SlaFigures {
  const f: SlaFigures = { counted: 0, met: 0, metPct: null, byChannel: {}, byTeam: {} };
  const add = (group: Record<string, { counted: number; met: number; metPct: number | null }>, key: string, met: boolean) => {
    const g = (group[key] ??= { counted: 0, met: 0, metPct: null });
    g.counted++;
    if (met) g.met++;
    g.metPct = pct(g.met, g.counted);
  };
  for (const c of cases) {
    if (NO_SLA.includes(c.state)) continue;
    const v = outcome(c);
    if (!v || !within(v.at, p)) continue;
    f.counted++;
    if (v.met) f.met++;
    add(f.byChannel, c.customer.platform, v.met);
    add(f.byTeam, c.team, v.met);
  }
  f.metPct = pct(f.met, f.counted);
  return f;
}

/** `cases`: active now plus closed since `from`; `events`: per case id, those read for handle time. */
export function computeCaseMetrics(p: Period, cases: Case[], events: Map<string, CaseEvent[]>, now: Date): CaseMetrics {
  const at = now.toISOString();
  const active = cases.filter((c) => OPEN_STATES.includes(c.state));
  const byState: Record<string, number> = Object.fromEntries(OPEN_STATES.map((s) => [s, 0]));
  const byAge = Object.fromEntries(AGE_BUCKETS.map((b) => [b, 0])) as Record<AgeBucket, number>;
  const byTeam: Record<string, number> = {};
  for (const c of active) {
    byState[c.state]!++;
    byTeam[c.team] = (byTeam[c.team] ?? 0) + 1;
    byAge[ageBucket(now.getTime() - Date.parse(c.createdAt))]++;
  }
  const clockRuns = (c: Case) => OPEN_STATES.includes(c.state) && !c.pausedAt;
  const resolved = cases.filter((c) => c.state === 'resolved' && within(c.resolvedAt, p));
  const reopened = cases.filter((c) => c.reopened > 0 && within(c.updatedAt, p));
  const csats = cases.map((c) => c.csat).filter((s) => s !== undefined && within(s.at, p));
  const firstResponse = cases.filter((c) => within(c.firstResponseAt, p)).map((c) => minutes(c.createdAt, c.firstResponseAt!));
  const resolution = resolved.map((c) => minutes(c.createdAt, c.resolvedAt!));
  const csatMean = csats.length ? csats.reduce((a, s) => a + s!.score, 0) / csats.length : null;
  return {
    backlog: { total: active.length, byState, byAge, byTeam },
    sla: {
      firstResponse: slaFigures(cases, (c) => verdict(c.firstResponseAt, c.sla.firstResponseDueAt, clockRuns(c), at), p),
      resolution: slaFigures(cases, (c) => verdict(c.state === 'resolved' ? c.resolvedAt : undefined, c.sla.resolutionDueAt, clockRuns(c), at), p),
    },
    firstResponseMinutes: distribution(firstResponse),
    resolutionMinutes: distribution(resolution),
    firstResponseHistogram: histogram(firstResponse),
    resolutionHistogram: histogram(resolution),
    agents: agentFigures(p, cases, events),
    csat: { count: csats.length, mean: csatMean === null ? null : Math.round(csatMean * 1000) / 1000, satisfiedShare: csats.length ? Math.round((csats.filter((s) => s!.score >= SATISFIED).length / csats.length) * 1000) / 1000 : null },
    reopen: reopenFigures(resolved, reopened),
  };
}

function reopenFigures(resolved: Case[], reopened: Case[]): CaseMetrics['reopen'] {
  const denominator = new Set([...resolved, ...reopened].map((c) => c.id)).size;
  return { resolved: denominator, reopened: reopened.length, rate: denominator ? Math.round((reopened.length / denominator) * 1000) / 1000 : null };
}

function agentFigures(p: Period, cases: Case[], events: Map<string, CaseEvent[]>): CaseMetrics['agents'] {
  const held = new Map<string, number>();
  for (const c of cases) if (c.assignee) held.set(c.assignee, (held.get(c.assignee) ?? 0) + 1);
  const replies = new Map<string, number>();
  const handle = new Map<string, number[]>();
  for (const list of events.values()) {
    for (const h of handleTimes(list)) {
      if (!within(h.repliedAt, p)) continue;
      replies.set(h.agent, (replies.get(h.agent) ?? 0) + 1);
      if (h.minutes !== undefined) (handle.get(h.agent) ?? handle.set(h.agent, []).get(h.agent)!).push(h.minutes);
    }
  }
  const agents = new Set([...held.keys(), ...replies.keys()]);
  return Object.fromEntries([...agents].sort().map((a) => [a, { cases: held.get(a) ?? 0, replies: replies.get(a) ?? 0, handleMinutes: distribution(handle.get(a) ?? []) }]));
}

/**
 * Each reply by a person on one case, with its handle time when the case was theirs before it:
 * the clock starts when it is assigned to them (or the customer writes again while it is), and
 * stops at their reply. Replies of the system (native-app echoes, flows) are not an agent's.
 */
export function handleTimes(events: CaseEvent[]): Array<{ agent: string; repliedAt: string; minutes?: number }> {
  const out: Array<{ agent: string; repliedAt: string; minutes?: number }> = [];
  let assignee: string | undefined;
  let since: string | undefined;
  for (const e of [...events].sort((a, b) => a.at.localeCompare(b.at))) {
    if (e.type === 'assigned') {
      const next = typeof e.assignee === 'string' ? e.assignee : undefined;
      if (next !== assignee) since = next ? e.at : undefined;
      assignee = next;
    } else if ((e.type === 'reopened' || (e.type === 'state' && e.to === 'open')) && assignee) {
      since ??= e.at;
    } else if (e.type === 'replied' && e.actor.type !== 'system') {
      const mine = e.actor.id === assignee && since !== undefined;
      out.push({ agent: e.actor.id, repliedAt: e.at, ...(mine ? { minutes: minutes(since!, e.at) } : {}) });
      if (mine) since = undefined;
    }
  }
  return out;
}
