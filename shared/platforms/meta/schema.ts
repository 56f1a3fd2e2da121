// Graph API webhook payloads for Pages (feed, mention, ratings, Messenger), Instagram and WhatsApp Cloud.
// Loose objects: Meta adds fields without notice. Ids arrive as numbers or strings; callers String() them.
import * as z from 'zod/mini';

export const Id = z.union([z.string().check(z.minLength(1)), z.number()]);
const Time = z.nullish(z.union([z.number(), z.string()]));
const Actor = z.looseObject({ id: Id, name: z.optional(z.string()), username: z.optional(z.string()) });

/** Meta leaves `value` out of changes to fields it only announces (parking, payment_options, …). */
export const Change = z.looseObject({ field: z.string(), value: z.optional(z.unknown()) });
export type Change = z.infer<typeof Change>;

export const Messaging = z.looseObject({
  sender: z.looseObject({ id: Id }),
  recipient: z.looseObject({ id: Id }),
  timestamp: Time,
  message: z.optional(
    z.looseObject({
      mid: z.string().check(z.minLength(1)),
      text: z.optional(z.string()),
      is_echo: z.optional(z.boolean()),
      attachments: z.optional(z.array(z.looseObject({ type: z.string(), payload: z.nullish(z.looseObject({ url: z.optional(z.string()) })) }))),
      reply_to: z.optional(z.looseObject({ mid: z.optional(z.string()) })),
    }),
  ),
});
export type Messaging = z.infer<typeof Messaging>;

export const Entry = z.looseObject({
  id: Id,
  time: Time,
  changes: z.optional(z.array(Change)),
  messaging: z.optional(z.array(Messaging)),
});
export type Entry = z.infer<typeof Entry>;

export const MetaBody = z.looseObject({ object: z.string(), entry: z.array(Entry) });

/** Page feed: posts and comments on the page (field "feed") and posts/comments mentioning it (field "mention"). */
export const FeedValue = z.looseObject({
  item: z.string(),
  verb: z.string(),
  post_id: z.optional(Id),
  comment_id: z.optional(Id),
  parent_id: z.optional(Id),
  from: z.optional(Actor),
  sender_id: z.optional(Id),
  sender_name: z.optional(z.string()),
  message: z.optional(z.string()),
  created_time: Time,
  photo: z.optional(z.string()),
  video: z.optional(z.string()),
});
export type FeedValue = z.infer<typeof FeedValue>;

/** Page ratings and recommendations; recommendation_type appears as POSITIVE and positive. */
export const RatingValue = z.looseObject({
  item: z.string(),
  verb: z.string(),
  open_graph_story_id: z.optional(Id),
  reviewer_id: z.optional(Id),
  reviewer_name: z.optional(z.string()),
  rating: z.nullish(z.number()),
  review_text: z.nullish(z.string()),
  recommendation_type: z.nullish(z.string()),
  comment_id: z.nullish(Id),
  message: z.nullish(z.string()),
  created_time: Time,
});
export type RatingValue = z.infer<typeof RatingValue>;

export const IgCommentValue = z.looseObject({
  id: Id,
  text: z.optional(z.string()),
  from: z.optional(Actor),
  media: z.optional(z.looseObject({ id: Id })),
  parent_id: z.optional(Id),
});
export type IgCommentValue = z.infer<typeof IgCommentValue>;

/** Instagram @mentions carry ids only: the text has to be fetched from the Graph API. */
export const IgMentionValue = z.looseObject({ comment_id: z.optional(Id), media_id: z.optional(Id) });

const WaMedia = z.looseObject({ id: z.optional(z.string()), caption: z.optional(z.string()), mime_type: z.optional(z.string()) });

export const WaMessage = z.looseObject({
  // Phone number (wa_id) and business-scoped user id (BSUID, e.g. "US.13491208655302741918"):
  // since 2026 a user with a username may come with the BSUID only.
  from: z.optional(z.string().check(z.minLength(1))),
  from_user_id: z.optional(z.string().check(z.minLength(1))),
  id: z.string().check(z.minLength(1)),
  timestamp: z.optional(z.union([z.string(), z.number()])),
  type: z.string(),
  text: z.optional(z.looseObject({ body: z.string() })),
  image: z.optional(WaMedia),
  video: z.optional(WaMedia),
  document: z.optional(WaMedia),
  audio: z.optional(WaMedia),
  sticker: z.optional(WaMedia),
  button: z.optional(z.looseObject({ text: z.optional(z.string()) })),
  interactive: z.optional(
    z.looseObject({
      button_reply: z.optional(z.looseObject({ title: z.optional(z.string()) })),
      list_reply: z.optional(z.looseObject({ title: z.optional(z.string()) })),
    }),
  ),
  context: z.optional(z.looseObject({ id: z.optional(z.string()) })),
});
export type WaMessage = z.infer<typeof WaMessage>;

/** wa_id is the phone number (absent for a user who hides it behind a username), user_id the BSUID. */
export const WaContact = z.looseObject({
  wa_id: z.optional(z.string()),
  user_id: z.optional(z.string()),
  username: z.optional(z.string()),
  profile: z.optional(z.looseObject({ name: z.optional(z.string()), username: z.optional(z.string()) })),
});
export type WaContact = z.infer<typeof WaContact>;

export const WaValue = z.looseObject({
  metadata: z.looseObject({ phone_number_id: Id }),
  contacts: z.optional(z.array(WaContact)),
  messages: z.optional(z.array(WaMessage)),
  // Delivery receipts only: their timestamps are not read, so they are not validated.
  statuses: z.optional(z.array(z.looseObject({ id: z.optional(z.string()), status: z.optional(z.string()) }))),
});
export type WaValue = z.infer<typeof WaValue>;
