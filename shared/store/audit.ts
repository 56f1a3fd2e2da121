import { randomBytes } from 'node:crypto';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { WecareError } from '../errors.ts';
import { isConditionFailure, type Item, type Store, storageDown } from './client.ts';
import { queryAll } from './query.ts';

/**
 * The audit event entity: who changed what, filed per brand and month.
 *
 * pk `AUDIT#<brand>#<yyyy-mm>` (UTC month of `at`), sk `<at>#<eventId>`. A brand's events are
 * written by people at human rates, and a month per partition keeps one busy brand from growing
 * a single partition for ever; a time range is one Query per month it spans, newest month first.
 * Every item carries `ttl` = `at` + RETENTION_DAYS (kept at least a year, then DynamoDB drops it).
 * An event holds ids, states and counts only, never message texts or names (shared/audit checks
 * `details` before it reaches here).
 */
export interface AuditEvent {
  /** Shared by the copies of one change filed under several brands. */
  id: string;
  brand: string;
  /** ISO 8601 (UTC, milliseconds), as Date.toISOString writes it. */
  at: string;
  actor: { type: 'user' | 'token' | 'system'; id: string };
  action: string;
  target: { type: string; id: string };
  details?: Record<string, AuditValue>;
}

export type AuditValue = string | number | boolean | null | string[];

/** How long an audit event is kept (DynamoDB TTL on `ttl`): "at least a year". */
export const AUDIT_RETENTION_DAYS = 400;

const PREFIX = 'AUDIT#';
const month = (at: string) => at.slice(0, 7);
const partition = (brand: string, yyyyMm: string) => `${PREFIX}${brand}#${yyyyMm}`;
const EVENT_ID = /^[\w-]{1,64}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A fresh event id (callers pass their own when a retry must land on the same event). */
export const newAuditId = () => randomBytes(8).toString('hex');

/**
 * Files one event. Its key derives from `at` and `id`, so a retried request that names the same
 * id (an incident update replayed by its Idempotency-Key) leaves the first event as it was.
 */
export async function recordAudit(store: Store, e: AuditEvent): Promise<void> {
  if (!ISO.test(e.at)) throw new TypeError(`audit: at must be an ISO instant (toISOString), got ${e.at}`);
  if (!EVENT_ID.test(e.id)) throw new TypeError('audit: id must be 1-64 characters of [A-Za-z0-9_-]');
  const ttl = Math.floor(Date.parse(e.at) / 1000) + AUDIT_RETENTION_DAYS * 86_400;
  const item = { pk: partition(e.brand, month(e.at)), sk: `${e.at}#${e.id}`, entity: 'audit', ...e, ttl };
  try {
    await store.ddb.send(
      new PutItemCommand({ TableName: store.table, Item: marshall(item, { removeUndefinedValues: true }), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw storageDown(error);
  }
}

export interface AuditQuery {
  /** Inclusive bounds, ISO instants (toISOString). */
  from: string;
  to: string;
  cursor?: string;
  limit: number;
}

/**
 * A brand's events between `from` and `to`, newest first, `limit` at a time. The cursor is opaque
 * (base64url) and names a month and a position in it, never a brand: the brand always comes from
 * the (scope-checked) request, so a cursor cannot open another brand's partition.
 */
export async function listAudit(store: Store, brand: string, q: AuditQuery): Promise<{ items: AuditEvent[]; cursor?: string }> {
  if (!ISO.test(q.from) || !ISO.test(q.to)) throw new TypeError('audit: from/to must be ISO instants (toISOString)');
  const position = decodeCursor(q.cursor);
  const items: AuditEvent[] = [];
  const months = monthsBetween(q.from, q.to).filter((m) => !position || m <= position.month);
  for (const [i, m] of months.entries()) {
    const start = position && m === position.month && position.sk ? { pk: { S: partition(brand, m) }, sk: { S: position.sk } } : undefined;
    const { items: page, next } = await queryAll(
      store,
      {
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
        ExpressionAttributeValues: marshall({ ':pk': partition(brand, m), ':lo': q.from, ':hi': `${q.to}#~` }),
        ScanIndexForward: false,
      },
      { maxItems: q.limit - items.length, exact: true, start },
    );
    items.push(...page.map(fromItem));
    if (items.length < q.limit) continue;
    if (next) return { items, cursor: encodeCursor({ month: m, sk: String(next.sk?.S) }) };
    const older = months[i + 1];
    return { items, ...(older ? { cursor: encodeCursor({ month: older }) } : {}) };
  }
  return { items };
}

function fromItem(item: Item): AuditEvent {
  const { pk: _pk, sk: _sk, entity: _e, ttl: _t, ...rest } = unmarshall(item);
  return rest as AuditEvent;
}

/** `yyyy-mm` of every month from `to` back to `from`, newest first. */
function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  if (from > to) return out;
  let y = Number(to.slice(0, 4));
  let m = Number(to.slice(5, 7));
  const last = month(from);
  for (;;) {
    const current = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    if (current < last) return out;
    out.push(current);
    if (--m === 0) [y, m] = [y - 1, 12];
  }
}

interface Position {
  month: string;
  sk?: string;
}

const encodeCursor = (p: Position) => Buffer.from(JSON.stringify(p.sk ? { m: p.month, k: p.sk } : { m: p.month })).toString('base64url');

function decodeCursor(cursor: string | undefined): Position | undefined {
  if (!cursor) return undefined;
  try {
    const raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { m?: unknown; k?: unknown };
    const monthOk = typeof raw.m === 'string' && /^\d{4}-\d{2}$/.test(raw.m);
    const skOk = raw.k === undefined || (typeof raw.k === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z#[\w-]{1,64}$/.test(raw.k) && raw.k.startsWith(raw.m as string));
    if (monthOk && skOk) return { month: raw.m as string, sk: raw.k as string | undefined };
  } catch {
    /* fall through */
  }
  throw new WecareError('bad_request', 'cursor: not a cursor this API returned');
}
