import { badRequest } from '../../errors.ts';
import type { MentionDraft, MentionKind, PlatformEvent } from '../../mention.ts';
import { isObject, parseJson, toIso, validate } from '../generic/inbound.ts';
import type { InboundWebhook } from '../types.ts';
import { AccountActivity, type DmEvent, type DmUser, type Tweet } from './schema.ts';

const PLATFORM = 'x';

/** Account Activity names every event list `<something>_events` (and one `user_event`). */
const EVENT_KEY = /_events?$/;
const MODELLED = new Set<string>(['tweet_create_events', 'direct_message_events', 'tweet_delete_events']);

/**
 * Account Activity body → events. One delivery carries one event type, but a body may list several
 * events. Event types wecare does not model (likes, follows, and any X adds later) are acknowledged
 * and counted as ignored, so X does not retry them; a body with no event list at all is not X's.
 */
export function parseX(req: InboundWebhook, now: Date): PlatformEvent[] {
  const raw = parseJson(req.rawBody);
  if (!isObject(raw) || !Object.keys(raw).some((key) => EVENT_KEY.test(key))) throw badRequest('no known event in body');
  const body = validate(AccountActivity, raw);
  const forUser = body.for_user_id === undefined ? undefined : String(body.for_user_id);
  const events: PlatformEvent[] = [];
  const account = () => forUser ?? missingForUser();
  for (const tweet of body.tweet_create_events ?? []) events.push(tweetEvent(tweet, account(), now));
  for (const dm of body.direct_message_events ?? []) events.push(dmEvent(dm, account(), body.users ?? {}, now));
  for (const del of body.tweet_delete_events ?? []) {
    const id = String(del.status.id);
    events.push({ type: 'state', platform: PLATFORM, externalId: id, eventId: `delete:${id}`, state: 'deleted', at: toIso(del.timestamp_ms, now), accountId: forUser });
  }
  // Likes, follows, blocks, mutes, typing, read receipts and unknown event types: nothing to answer.
  for (const key of Object.keys(raw)) {
    if (EVENT_KEY.test(key) && !MODELLED.has(key)) events.push({ type: 'ignored', platform: PLATFORM, reason: key });
  }
  return events;
}

function missingForUser(): never {
  throw badRequest('for_user_id: required with tweet and direct message events');
}

const textOf = (t: Tweet) => t.extended_tweet?.full_text ?? t.full_text ?? t.text ?? '';

/**
 * The brand's own tweets are stored as fromBrand (threads, response times); retweets carry no new
 * words for a webcare agent to answer, so they are acknowledged only.
 */
function tweetEvent(t: Tweet, forUser: string, now: Date): PlatformEvent {
  if (t.retweeted_status !== undefined) return { type: 'ignored', platform: PLATFORM, reason: `retweet ${t.id_str}` };
  const initial = t.edit_history?.initial_tweet_id;
  if (initial && initial !== t.id_str) {
    // An edited tweet arrives as a new tweet id of the chain: a revision of the mention stored for its first id.
    return { type: 'edit', platform: PLATFORM, externalId: initial, eventId: `edit:${t.id_str}`, text: textOf(t), at: toIso(t.timestamp_ms ?? t.created_at, now), accountId: forUser };
  }
  const fromBrand = t.user.id_str === forUser;
  const draft: MentionDraft = {
    platform: PLATFORM,
    kind: tweetKind(t, forUser),
    externalId: t.id_str,
    accountId: forUser,
    threadId: t.conversation_id_str ?? t.in_reply_to_status_id_str ?? t.id_str,
    author: { id: t.user.id_str, handle: t.user.screen_name, name: t.user.name, followers: t.user.followers_count },
    text: textOf(t),
    lang: t.lang ?? undefined,
    url: t.user.screen_name ? `https://x.com/${t.user.screen_name}/status/${t.id_str}` : `https://x.com/i/status/${t.id_str}`,
    createdAt: toIso(t.timestamp_ms ?? t.created_at, now),
  };
  if (t.in_reply_to_status_id_str) draft.inReplyTo = t.in_reply_to_status_id_str;
  if (fromBrand) draft.fromBrand = true;
  return { type: 'mention', draft };
}

function tweetKind(t: Tweet, forUser: string): MentionKind {
  if (t.in_reply_to_status_id_str) return 'reply';
  const mentions = t.extended_tweet?.entities?.user_mentions ?? t.entities?.user_mentions ?? [];
  return mentions.some((m) => m.id_str === forUser) ? 'mention' : 'post';
}

/** DMs both ways: the brand's own sends come back as events too and are stored as fromBrand. */
function dmEvent(dm: DmEvent, forUser: string, users: Record<string, DmUser>, now: Date): PlatformEvent {
  const mc = dm.message_create;
  if (dm.type !== 'message_create' || !mc) return { type: 'ignored', platform: PLATFORM, reason: `direct message ${dm.type}` };
  const sender = String(mc.sender_id);
  const recipient = String(mc.target.recipient_id);
  const fromBrand = sender === forUser;
  const user = users[sender];
  const media = mc.message_data.attachment?.media;
  const draft: MentionDraft = {
    platform: PLATFORM,
    kind: 'dm',
    externalId: String(dm.id),
    accountId: forUser,
    threadId: fromBrand ? recipient : sender,
    author: { id: sender, handle: user?.screen_name, name: user?.name, followers: user?.followers_count },
    text: mc.message_data.text ?? '',
    createdAt: toIso(dm.created_timestamp, now),
  };
  if (media) draft.media = [{ type: media.type ?? mc.message_data.attachment?.type ?? 'media', id: media.id_str, url: media.media_url_https }];
  if (fromBrand) draft.fromBrand = true;
  return { type: 'mention', draft };
}
