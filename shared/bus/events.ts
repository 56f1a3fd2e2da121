import type { Mention } from '../mention.ts';
import type { Attributes } from './publish.ts';

/**
 * `mention.triaged` on the mention-events topic: published once per mention by the triage
 * function after its conditional update. Flows subscribe with filter policies on these attributes.
 *
 * It carries the mention's id and its triage labels, never its text, name or handle: these
 * messages sit in queues and DLQs for days, and an erasure cannot reach them there. Consumers
 * read the mention from the store by id (`loadTriagedMention`), where an erasure has already
 * happened.
 */
export interface MentionTriaged {
  type: 'mention.triaged';
  mentionId: string;
  brand: string;
  platform: string;
  kind: string;
  language: string;
  sentiment: string;
  intent: string;
  priority: number;
  incident: string;
  sarcasm: boolean;
}

export function mentionTriagedEvent(m: Mention): MentionTriaged {
  const a = mentionTriagedAttributes(m);
  return {
    type: 'mention.triaged',
    mentionId: m.id,
    brand: m.brand,
    platform: m.platform,
    kind: m.kind,
    language: String(a.language),
    sentiment: String(a.sentiment),
    intent: String(a.intent),
    priority: Number(a.priority),
    incident: String(a.incident),
    sarcasm: m.sarcasm === true,
  };
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
