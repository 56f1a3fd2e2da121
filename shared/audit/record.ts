import { keyedHash } from '../keyed-hash.ts';
import * as audit from '../store/audit.ts';
import type { AuditEvent, AuditValue } from '../store/audit.ts';
import type { Store } from '../store/client.ts';

/**
 * The audit trail (issue 13 item 5): every change a person or an integration makes records who
 * (`actor`, from the request's principal), what (`action`) and to what (`target`), under the brand
 * it touched. wecare's own jobs (sweeps, flows) are not audited here.
 */
export const AUDIT_ACTIONS = [
  'mention.reply',
  'incident.create',
  'incident.update',
  'incident.delivery.retry',
  'subscriber.remove',
  'author.erase',
  'token.create',
  'token.revoke',
  'config.change',
  'case.state',
  'case.assign',
  'case.note',
  'case.triage',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditTargetType = 'mention' | 'incident' | 'subscriber' | 'author' | 'token' | 'config' | 'case';
export type AuditActor = AuditEvent['actor'];

/** Ids, states, labels and counts: never a message text, a name, a handle or an address. */
export type AuditDetails = Record<string, AuditValue>;

export interface AuditInput {
  /** The brand the change touched; a change that covers several (a token, an erasure) is filed under each. */
  brand: string | readonly string[];
  actor: AuditActor;
  action: AuditAction;
  target: { type: AuditTargetType; id: string };
  at: Date | string;
  details?: AuditDetails;
  /** A stable id when a retried request must land on the same event (e.g. an incident update's id). */
  id?: string;
}

/** Keys that name personal data or free text; a detail under one of them is a bug, not an audit. */
const FORBIDDEN_KEYS = /^(text|message|messages|body|name|names|handle|email|phone|address|note|reason|author|title|content|comment)$/i;
/** An id, a state, a label or an instant: no spaces, no `@`, nothing long enough to be prose. */
const PLAIN = /^[\w.:#/+-]{0,128}$/;

/**
 * Files one change. Details are checked first (a text or a name in them throws a TypeError: the
 * audit trail is kept for over a year and must hold no personal data). A storage blip is retried
 * briefly; the events are keyed by their id, so a retry never files one twice.
 */
export async function recordAudit(store: Store, input: AuditInput): Promise<void> {
  if (!(AUDIT_ACTIONS as readonly string[]).includes(input.action)) throw new TypeError(`audit: unknown action ${input.action}`);
  checkDetails(input.details);
  const at = typeof input.at === 'string' ? new Date(input.at).toISOString() : input.at.toISOString();
  const id = input.id ?? audit.newAuditId();
  const brands = [...new Set(typeof input.brand === 'string' ? [input.brand] : input.brand)];
  const event = { id, at, actor: { type: input.actor.type, id: input.actor.id }, action: input.action, target: { ...input.target }, details: input.details };
  await withRetry(() => Promise.all(brands.map((brand) => audit.recordAudit(store, { ...event, brand }))));
}

/** The erased author as the audit names them: the keyed hash the erasure record uses, never the id. */
export const authorTarget = (platform: string, authorId: string) => ({ type: 'author' as const, id: keyedHash('erasure', `${platform}:${authorId}`) });

/** The brands a change covers: its own list, or every configured brand for `all`. */
export const coveredBrands = (scope: readonly string[] | 'all', all: ReadonlyArray<{ id: string }>) =>
  scope === 'all' ? all.map((b) => b.id) : [...scope];

export { listAudit, AUDIT_RETENTION_DAYS, type AuditEvent } from '../store/audit.ts';

function checkDetails(details: AuditDetails | undefined): void {
  for (const [key, value] of Object.entries(details ?? {})) {
    if (FORBIDDEN_KEYS.test(key)) throw new TypeError(`audit: details.${key} would hold a text or a name`);
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (typeof v === 'string' && !PLAIN.test(v)) throw new TypeError(`audit: details.${key} is not an id, state or count`);
    }
  }
}

async function withRetry<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (e) {
      if (attempt >= 2 || e instanceof TypeError) throw e;
      await new Promise((r) => setTimeout(r, 150 * 4 ** attempt));
    }
  }
}
