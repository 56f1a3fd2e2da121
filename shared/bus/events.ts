import * as z from 'zod/mini';
import type { Incident, IncidentUpdate } from '../incident.ts';
import type { Mention } from '../mention.ts';
import type { Attributes } from './publish.ts';

/**
 * The events on wecare's bus, each a zod schema and its type under one name. Consumers decode an
 * SQS record with `decodeEvent` (shared/bus/envelope.ts) against these schemas, so a malformed
 * message fails its record (and reaches the DLQ) instead of half-running a flow.
 */

/**
 * `mention.triaged` on the mention-events topic: published once per mention by triage after its
 * conditional update. Flows subscribe with filter policies on its attributes (below).
 *
 * It carries the mention's id and its triage labels, never its text, name or handle: these
 * messages sit in queues and DLQs for days, and an erasure cannot reach them there. Consumers
 * read the mention from the store by id (`loadTriagedMention`), where an erasure has already
 * happened. Only the routing fields are required: a consumer never trusts the labels over the store.
 */
export const MentionTriaged = z.object({
  type: z.literal('mention.triaged'),
  mentionId: z.string().check(z.minLength(1)),
  brand: z.string(),
  platform: z.optional(z.string()),
  kind: z.optional(z.string()),
  language: z.optional(z.string()),
  sentiment: z.optional(z.string()),
  intent: z.optional(z.string()),
  priority: z.optional(z.number()),
  incident: z.optional(z.string()),
  sarcasm: z.optional(z.boolean()),
});
export type MentionTriaged = z.infer<typeof MentionTriaged>;

const IncidentRef = z.looseObject({ id: z.string(), brand: z.string() });
const UpdateRef = z.looseObject({ id: z.string(), incidentId: z.string(), brand: z.string(), impact: z.string(), components: z.record(z.string(), z.string()) });

/**
 * `status.update` on the status-updates topic: published once per stored update. The body is the
 * full incident and update, so every channel renders from it without reading the table; the
 * schema checks what routing and rendering rely on and keeps the rest as sent.
 */
export const StatusUpdateEvent = z.object({
  type: z.literal('status.update'),
  incident: z.custom<Incident>((v) => IncidentRef.safeParse(v).success, 'expected an incident with id and brand'),
  update: z.custom<IncidentUpdate>((v) => UpdateRef.safeParse(v).success, 'expected an update with id, incidentId, brand, impact, components'),
});
export type StatusUpdateEvent = z.infer<typeof StatusUpdateEvent>;

export function mentionTriagedEvent(m: Mention): Required<MentionTriaged> {
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
