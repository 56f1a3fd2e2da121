import type { Mention } from '../mention.ts';
import type { Attributes } from './publish.ts';

/**
 * `mention.triaged` on the mention-events topic: published once per mention by the triage
 * function after its conditional update. Flows subscribe with filter policies on these attributes.
 */
export interface MentionTriaged {
  type: 'mention.triaged';
  mention: Mention;
}

/** Message attribute names and values of mention.triaged (contract with every filter policy). */
export function mentionTriagedAttributes(m: Mention): Attributes {
  return {
    type: 'mention.triaged',
    brand: m.brand,
    platform: m.platform,
    kind: m.kind,
    language: m.lang ?? 'other',
    sentiment: m.sentiment?.label ?? 'neutral',
    intent: m.intent ?? 'other',
    priority: m.priority ?? 0,
    /** The active incident the mention matches, or "none". */
    incident: m.incidentId ?? 'none',
    sarcasm: m.sarcasm ? 'true' : 'false',
  };
}
