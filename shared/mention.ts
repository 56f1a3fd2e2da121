// zod/mini on purpose: full zod adds ~450 KB to the webhook bundle, mini ~15 KB (see bench functions.*).
import * as z from 'zod/mini';

/** The channels a webcare team answers on. Generic sources may name others, never these (see genericPlatform). */
export const KNOWN_PLATFORMS = ['x', 'facebook', 'instagram', 'messenger', 'whatsapp', 'google', 'trustpilot'] as const;
export const Platform = z.string().check(z.minLength(1), z.maxLength(40));
export type Platform = z.infer<typeof Platform>;

export const MentionKind = z.enum(['post', 'comment', 'reply', 'dm', 'review', 'mention']);
export type MentionKind = z.infer<typeof MentionKind>;

export const Sentiment = z.object({
  label: z.enum(['positive', 'neutral', 'negative']),
  score: z.number(),
  confidence: z.optional(z.number()),
});
export type Sentiment = z.infer<typeof Sentiment>;

export const Intent = z.enum(['question', 'complaint', 'compliment', 'other']);
export type Intent = z.infer<typeof Intent>;

/**
 * Lifecycle of a mention in the webcare queue:
 * new (stored, not yet triaged) → open (triaged, waiting for an answer) → answered → closed.
 * `brand` marks the brand's own messages (echoes), kept for threads and response times.
 * Platform-side deletes and hides live in `platformState`; the text history stays.
 */
export const MentionStatus = z.enum(['new', 'open', 'answered', 'closed', 'brand']);
export type MentionStatus = z.infer<typeof MentionStatus>;

export const Author = z.object({
  id: z.string().check(z.minLength(1)),
  handle: z.optional(z.string()),
  name: z.optional(z.string()),
  followers: z.optional(z.number().check(z.int(), z.nonnegative())),
  /** The phone number beside a non-phone id (WhatsApp wa_id next to the BSUID in `id`): replies go there while it is known. */
  phone: z.optional(z.string()),
});
export type Author = z.infer<typeof Author>;

export const Media = z.object({ type: z.string(), id: z.optional(z.string()), url: z.optional(z.string()) });

/** A mention as the platform gave it, before wecare assigned id, brand, state and triage. */
export const MentionDraft = z.object({
  platform: Platform,
  kind: MentionKind,
  /** The platform's own id: the idempotency key (tweet id_str, comment_id, mid, wamid, review name, …). */
  externalId: z.string().check(z.minLength(1), z.maxLength(512)),
  /** The platform account the event was addressed to (page id, X user id, phone number id, …). */
  accountId: z.string(),
  /** Thread id on the platform (post id, conversation id, wa_id, review name); defaults to externalId. */
  threadId: z.optional(z.string()),
  /** The external id this one replies to, when the platform says so. */
  inReplyTo: z.optional(z.string()),
  author: Author,
  text: z.string(),
  /** True when the text was longer than wecare keeps (shared/ingest/bound.ts): its start is stored. */
  textTruncated: z.optional(z.boolean()),
  /** True when the platform sent ids only and the text must be fetched from its API. */
  textPending: z.optional(z.boolean()),
  lang: z.optional(z.string()),
  rating: z.optional(z.number().check(z.gte(0), z.lte(5))),
  url: z.optional(z.string()),
  media: z.optional(z.array(Media)),
  createdAt: z.string(),
  /** A tapped WhatsApp button (quick reply): a choice the customer made, e.g. a score after the follow-up. */
  quickReply: z.optional(z.boolean()),
  /** The brand's own message (echo): stored for threads and response times, never triaged as a customer. */
  fromBrand: z.optional(z.boolean()),
});
export type MentionDraft = z.infer<typeof MentionDraft>;

export interface Revision {
  text: string;
  at: string;
  event: string;
}

/** A stored mention (contract fields from the README plus wecare's own). */
export interface Mention extends Omit<MentionDraft, 'threadId'> {
  id: string;
  brand: string;
  /** False when the account id matched no brand: stored and flagged, never dropped. */
  brandKnown: boolean;
  conversationId: string;
  receivedAt: string;
  status: MentionStatus;
  platformState?: 'deleted' | 'hidden' | 'unhidden';
  revisions?: Revision[];
  /** The text as first stored, kept by the first platform edit (the edits are in `revisions`). */
  originalText?: string;
  sentiment?: Sentiment;
  intent?: Intent;
  priority?: number;
  team?: string;
  slaDueAt?: string;
  /** Set while an active incident this mention is about holds its SLA clock. */
  slaPausedAt?: string;
  caseId?: string;
  incidentId?: string;
  sarcasm?: boolean;
  triagedAt?: string;
  firstResponseAt?: string;
  /** Set when the author was erased (GDPR): the mention keeps its counts, and no write may bring their data back. */
  erasedAt?: string;
}

/**
 * What one platform event means for wecare. A webhook body may carry many (Meta batches up to 1000).
 * - mention: a new customer (or brand) message to store exactly once
 * - edit / state / refetch: a later change to a stored mention, keyed by `eventId` so a redelivery changes nothing
 * - ignored: accepted and acknowledged, nothing to store (likes, follows, read receipts)
 */
/**
 * Whose mention a change is for: the account it was addressed to when the platform says
 * (`accountId`), the brand ingest resolved from it (`brand`); without an account every brand
 * with an account on the platform is tried.
 */
interface ChangeTarget {
  platform: string;
  externalId: string;
  eventId: string;
  at: string;
  accountId?: string;
  brand?: string;
}

export type PlatformEvent =
  | { type: 'mention'; draft: MentionDraft }
  | (ChangeTarget & { type: 'edit'; text: string; truncated?: boolean })
  | (ChangeTarget & { type: 'state'; state: 'deleted' | 'hidden' | 'unhidden' })
  /** The platform says the content changed but not how (Google review updates): fetch it again. */
  | (ChangeTarget & { type: 'refetch' })
  | { type: 'ignored'; platform: string; reason: string };

/**
 * One reply as wecare means it, before a platform client turns it into that platform's request.
 * `channel` says where the customer reads it: `public` under their post/comment/review,
 * `private` in a DM (Messenger/Instagram private reply to a comment, X DM, WhatsApp).
 */
export interface OutboundMessage {
  platform: string;
  channel: 'public' | 'private';
  /** The platform id answered: tweet id, comment id, review name, Trustpilot review id, wamid. */
  replyTo: string;
  /** The customer on the platform: X user id, PSID/IGSID, wa_id. */
  recipient: string;
  /** The brand's account: page id, IG account id, phone number id, business unit id. */
  account: string;
  text: string;
  /** WhatsApp outside the 24-hour window: an approved template instead of free text. */
  template?: { name: string; language: string; params: string[] };
  /** Messenger outside the 24-hour window: the tag that makes a later message allowed. */
  tag?: 'HUMAN_AGENT';
  /** Private reply to a Facebook/Instagram comment (Meta allows one, within 7 days). */
  privateReplyToComment?: boolean;
}
