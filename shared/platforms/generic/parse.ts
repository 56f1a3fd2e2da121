import { badRequest } from '../../errors.ts';
import type { MentionDraft, PlatformEvent } from '../../mention.ts';
import type { InboundWebhook } from '../types.ts';
import { parseJson, validate } from './inbound.ts';
import { GenericMention } from './schema.ts';

/** One mention per delivery. Runs after verify, so webhook-id is present on every real request. */
export function parseGeneric(req: InboundWebhook, now: Date): PlatformEvent[] {
  const m = validate(GenericMention, parseJson(req.rawBody));
  const externalId = m.externalId ?? req.header('webhook-id');
  if (!externalId) throw badRequest('externalId: required when there is no webhook-id header');
  let createdAt = now.toISOString();
  if (m.createdAt !== undefined) {
    const ms = Date.parse(m.createdAt);
    if (Number.isNaN(ms)) throw badRequest('createdAt: not a date');
    createdAt = new Date(ms).toISOString();
  }
  const draft: MentionDraft = { ...m, externalId, createdAt };
  return [{ type: 'mention', draft }];
}
