import { badRequest } from '../../errors.ts';
import { KNOWN_PLATFORMS, type MentionDraft, type PlatformEvent } from '../../mention.ts';
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
  const draft: MentionDraft = { ...m, platform: genericPlatform(m.platform), externalId, createdAt };
  return [{ type: 'mention', draft }];
}

/** Names wecare receives on its own routes and answers on; a generic source may not claim them. */
const RESERVED = new Set<string>([...KNOWN_PLATFORMS, 'meta', 'generic']);

/**
 * A generic source names its platform freely ("appstore", "contactform"), but a name wecare owns
 * ("x", "facebook", …) is filed under `generic:<name>`. Everything keyed by platform then keeps the
 * two apart: the mention id (no pre-empting a real tweet id), the brand account (only the brand's
 * `generic` accounts match), the author, and the reply client (none exists for `generic:x`).
 */
export function genericPlatform(name: string): string {
  const lower = name.toLowerCase();
  return RESERVED.has(lower) ? `generic:${lower}` : name;
}
