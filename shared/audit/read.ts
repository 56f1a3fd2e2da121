import { WecareError } from '../errors.ts';
import { AUDIT_RETENTION_DAYS, type AuditEvent, listAudit } from '../store/audit.ts';
import type { Store } from '../store/client.ts';

export interface AuditRequest {
  from?: Date;
  to?: Date;
  cursor?: string;
  limit: number;
}

const DAY = 86_400_000;

/**
 * A brand's audit events, newest first. Without `to` (or with one in the future) it reads up to now
 * (a day's grace for clocks); without `from` (or with
 * one older than anything still kept) it reads back as far as events are kept (the retention plus
 * the two days DynamoDB may take to drop an expired item), so a range never spans more months
 * than the trail holds.
 */
export async function readAudit(store: Store, brand: string, req: AuditRequest, now: Date): Promise<{ items: AuditEvent[]; cursor?: string }> {
  const oldest = new Date(now.getTime() - (AUDIT_RETENTION_DAYS + 2) * DAY);
  const latest = new Date(now.getTime() + DAY);
  const to = req.to && req.to < latest ? req.to : latest;
  const from = req.from && req.from > oldest ? req.from : oldest;
  if (req.from && req.to && req.from > req.to) throw new WecareError('bad_request', 'from: must not be after to');
  return listAudit(store, brand, { from: from.toISOString(), to: to.toISOString(), cursor: req.cursor, limit: req.limit });
}
