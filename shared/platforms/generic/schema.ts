// The generic endpoint takes a mention as its body; extra fields are dropped, not stored.
import * as z from 'zod/mini';
import { Author, Media, MentionKind, Platform } from '../../mention.ts';

export const GenericMention = z.object({
  platform: Platform,
  kind: MentionKind,
  /** Defaults to the webhook-id header: a redelivery carries the same id, so it stores once. */
  externalId: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
  accountId: z.string().check(z.minLength(1)),
  author: Author,
  // No length limit here: the body is at most 1 MiB, and ingest keeps the start of a long text.
  text: z.string(),
  lang: z.optional(z.string()),
  rating: z.optional(z.number().check(z.gte(0), z.lte(5))),
  url: z.optional(z.string()),
  createdAt: z.optional(z.string()),
  threadId: z.optional(z.string()),
  inReplyTo: z.optional(z.string()),
  media: z.optional(z.array(Media)),
});
export type GenericMention = z.infer<typeof GenericMention>;
