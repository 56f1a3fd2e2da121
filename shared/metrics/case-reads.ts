import type { Case, CaseEvent } from '../case.ts';
import { caseEventsUntil, casesForReport } from '../store/case-reports.ts';
import type { Store } from '../store/client.ts';

/** A metrics request reads at most this many cases, and the events of at most MAX_EVENT_CASES of them. */
export const MAX_CASES = 20_000;
export const MAX_EVENT_CASES = 2_000;
const EVENT_READERS = 8;

/** The brand's active cases and those closed since `from` (store/case-reports.ts), bounded. */
export const reportCases = (store: Store, brand: string, from: string, max = MAX_CASES) => casesForReport(store, brand, from, max);

/**
 * The events handle time is computed from, only for the cases that can have one: assigned (the
 * clock starts at an assignment) and answered in the period. One Query per case, a few at a time.
 */
export async function handleEvents(store: Store, cases: Case[], p: { from: string; to: string }, max = MAX_EVENT_CASES): Promise<{ events: Map<string, CaseEvent[]>; truncated: boolean }> {
  const wanted = cases.filter((c) => c.assignee && c.lastResponseAt && c.lastResponseAt >= p.from);
  const ids = wanted.slice(0, max).map((c) => c.id);
  const events = new Map<string, CaseEvent[]>();
  let next = 0;
  const reader = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      events.set(id, await caseEventsUntil(store, id, p.to));
    }
  };
  await Promise.all(Array.from({ length: EVENT_READERS }, reader));
  return { events, truncated: wanted.length > ids.length };
}
