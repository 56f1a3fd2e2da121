// Account Activity API payloads (v1.1 objects). Loose objects: X adds fields often, we read few.
// Ids are read from *_str fields only: numeric ids exceed 2^53.
import * as z from 'zod/mini';

const IdStr = z.string().check(z.minLength(1));
/** for_user_id and DM ids are documented as strings; accept numbers too and normalize with String(). */
const AnyId = z.union([z.string(), z.number()]);

export const TweetUser = z.looseObject({
  id_str: IdStr,
  screen_name: z.optional(z.string()),
  name: z.optional(z.string()),
  followers_count: z.optional(z.number()),
});

const UserMention = z.looseObject({ id_str: z.optional(z.string()), screen_name: z.optional(z.string()) });
const Entities = z.looseObject({ user_mentions: z.optional(z.array(UserMention)) });

export const Tweet = z.looseObject({
  id_str: IdStr,
  created_at: z.optional(z.string()),
  timestamp_ms: z.optional(z.union([z.string(), z.number()])),
  text: z.optional(z.string()),
  full_text: z.optional(z.string()),
  truncated: z.optional(z.boolean()),
  extended_tweet: z.optional(z.looseObject({ full_text: z.string(), entities: z.optional(Entities) })),
  in_reply_to_status_id_str: z.nullish(z.string()),
  conversation_id_str: z.nullish(z.string()),
  lang: z.nullish(z.string()),
  user: TweetUser,
  entities: z.optional(Entities),
  retweeted_status: z.optional(z.unknown()),
  /** Every edit is a new tweet id; the chain starts at `initial_tweet_id`. */
  edit_history: z.optional(z.looseObject({ initial_tweet_id: z.optional(z.string()), edit_tweet_ids: z.optional(z.array(z.string())) })),
});
export type Tweet = z.infer<typeof Tweet>;

const DmAttachment = z.looseObject({
  type: z.string(),
  media: z.optional(z.looseObject({ id_str: z.optional(z.string()), media_url_https: z.optional(z.string()), type: z.optional(z.string()) })),
});

export const DmEvent = z.looseObject({
  type: z.string(),
  id: AnyId,
  created_timestamp: z.optional(z.union([z.string(), z.number()])),
  message_create: z.optional(
    z.looseObject({
      target: z.looseObject({ recipient_id: AnyId }),
      sender_id: AnyId,
      message_data: z.looseObject({ text: z.optional(z.string()), attachment: z.optional(DmAttachment) }),
    }),
  ),
});
export type DmEvent = z.infer<typeof DmEvent>;

/** The users map of a DM delivery, keyed by user id; these objects carry `id` as a string. */
export const DmUser = z.looseObject({
  id: z.optional(AnyId),
  screen_name: z.optional(z.string()),
  name: z.optional(z.string()),
  followers_count: z.optional(z.number()),
});
export type DmUser = z.infer<typeof DmUser>;

export const TweetDelete = z.looseObject({
  status: z.looseObject({ id: AnyId, user_id: z.optional(AnyId) }),
  timestamp_ms: z.optional(z.union([z.string(), z.number()])),
});

export const AccountActivity = z.looseObject({
  for_user_id: z.optional(AnyId),
  tweet_create_events: z.optional(z.array(Tweet)),
  direct_message_events: z.optional(z.array(DmEvent)),
  users: z.optional(z.record(z.string(), DmUser)),
  tweet_delete_events: z.optional(z.array(TweetDelete)),
});
export type AccountActivity = z.infer<typeof AccountActivity>;
