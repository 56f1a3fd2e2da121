import { z } from 'zod';

/** The channels a webcare team answers on. Generic sources may name others. */
export const KNOWN_PLATFORMS = ['x', 'facebook', 'instagram', 'messenger', 'whatsapp', 'google', 'trustpilot'] as const;
export const Platform = z.string().min(1).max(40);
export type Platform = z.infer<typeof Platform>;

export const MentionKind = z.enum(['post', 'comment', 'reply', 'dm', 'review', 'mention']);
export type MentionKind = z.infer<typeof MentionKind>;

export const Sentiment = z.object({
  label: z.enum(['positive', 'neutral', 'negative']),
  score: z.number(),
  confidence: z.number().optional(),
});
export type Sentiment = z.infer<typeof Sentiment>;

export const Intent = z.enum(['question', 'complaint', 'compliment', 'other']);
export type Intent = z.infer<typeof Intent>;

/**
 * Lifecycle of a mention in the webcare queue:
 * new (stored, not yet triaged) → open (triaged, waiting for an answer) → answered → closed.
 * `brand` marks the brand's own messages (echoes), kept for threads and response times.
 * `deleted` / `hidden` are platform-side states; the text history stays.
 */
export const MentionStatus = z.enum(['new', 'open', 'answered', 'closed', 'brand', 'deleted', 'hidden']);
export type MentionStatus = z.infer<typeof MentionStatus>;

export const Author = z.object({
  id: z.string().min(1),
  handle: z.string().optional(),
  name: z.string().optional(),
  followers: z.number().int().nonnegative().optional(),
});
export type Author = z.infer<typeof Author>;

/** A mention as the platform gave it, before wecare assigned id, brand state and triage. */
export const MentionDraft = z.object({
  platform: Platform,
  kind: MentionKind,
  /** The platform's own id: the idempotency key (tweet id_str, comment_id, mid, wamid, review name, …). */
  externalId: z.string().min(1),
  /** The platform account the event was addressed to (page id, X user id, phone number id, …). */
  accountId: z.string(),
  /** Thread id on the platform (post id, conversation id, wa_id, review name); defaults to externalId. */
  threadId: z.string().optional(),
  /** The external id this one replies to, when the platform says so. */
  inReplyTo: z.string().optional(),
  author: Author,
  text: z.string(),
  /** True when the platform sent ids only and the text must be fetched from its API. */
  textPending: z.boolean().optional(),
  lang: z.string().optional(),
  rating: z.number().min(0).max(5).optional(),
  url: z.string().optional(),
  media: z.array(z.object({ type: z.string(), id: z.string().optional(), url: z.string().optional() })).optional(),
  createdAt: z.string(),
  /** The brand's own message (echo): stored for threads and response times, never triaged as a customer. */
  fromBrand: z.boolean().optional(),
});
export type MentionDraft = z.infer<typeof MentionDraft>;

export const Revision = z.object({ text: z.string(), at: z.string(), event: z.string() });
export type Revision = z.infer<typeof Revision>;

export const Mention = z.object({
  id: z.string(),
  brand: z.string(),
  /** False when the account id matched no brand: stored and flagged, never dropped. */
  brandKnown: z.boolean(),
  platform: Platform,
  kind: MentionKind,
  externalId: z.string(),
  accountId: z.string(),
  conversationId: z.string(),
  inReplyTo: z.string().optional(),
  author: Author,
  text: z.string(),
  textPending: z.boolean().optional(),
  lang: z.string().optional(),
  rating: z.number().optional(),
  url: z.string().optional(),
  media: MentionDraft.shape.media,
  createdAt: z.string(),
  receivedAt: z.string(),
  fromBrand: z.boolean().optional(),
  status: MentionStatus,
  revisions: z.array(Revision).optional(),
  sentiment: Sentiment.optional(),
  intent: Intent.optional(),
  priority: z.number().optional(),
  team: z.string().optional(),
  slaDueAt: z.string().optional(),
  caseId: z.string().optional(),
  incidentId: z.string().optional(),
  sarcasm: z.boolean().optional(),
  triagedAt: z.string().optional(),
  firstResponseAt: z.string().optional(),
});
export type Mention = z.infer<typeof Mention>;

/**
 * What one platform event means for wecare. A webhook body may carry many (Meta batches up to 1000).
 * - mention: a new customer (or brand) message to store exactly once
 * - edit / delete / hide: a later change to a stored mention, keyed by `eventId` so a redelivery changes nothing
 * - ignored: accepted and acknowledged, nothing to store (likes, follows, read receipts)
 */
export type PlatformEvent =
  | { type: 'mention'; draft: MentionDraft }
  | { type: 'edit'; platform: string; externalId: string; eventId: string; text: string; at: string }
  | { type: 'state'; platform: string; externalId: string; eventId: string; state: 'deleted' | 'hidden' | 'unhidden'; at: string }
  | { type: 'ignored'; platform: string; reason: string };
