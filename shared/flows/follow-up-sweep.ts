import { type SweepReport, sweep } from './follow-up.ts';
import type { FlowDeps } from './thank-you.ts';

/** Pages per scheduled run: enough for a backlog after an outage, bounded so a run ends in time. */
const MAX_PAGES = 10;
const PAGE = 200;

/**
 * The scheduled follow-up sweep (every minute): pages through what is due (follow-ups, unfinished
 * replies, rescues) until a page comes back short, or items still retrying hold the rest back.
 */
export async function sweepDue(ctx: FlowDeps, maxPages = MAX_PAGES): Promise<SweepReport> {
  const total: SweepReport = { due: 0, sent: 0, skipped: 0, failed: 0, retrying: 0 };
  for (let page = 0; page < maxPages; page++) {
    const report = await sweep(ctx, PAGE);
    for (const key of Object.keys(total) as Array<keyof SweepReport>) total[key] += report[key];
    // Items still retrying stay due; a full page may hide more behind them only when all moved on.
    if (report.due < PAGE || report.retrying > 0) break;
  }
  return total;
}
