import type { Mention } from '../mention.ts';
import type { OutboundRequest } from './http.ts';
import type { FetchedText, ReplyClient, ReplyDeps, ReplyEnv, WebhookPlatform } from './types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * How long a customer's last message lets a brand write privately, and what is allowed after it:
 * WhatsApp takes only an approved template, Messenger and Instagram a message tagged HUMAN_AGENT
 * for a while longer, then nothing.
 */
export type MessagingWindow =
  | { freeMs: number; after: 'template' }
  | { freeMs: number; after: 'tag'; tag: 'HUMAN_AGENT'; tagMs: number };

/** Meta's customer-service window (WhatsApp, Messenger, Instagram DM): 24 hours after the customer's last message. */
export const SERVICE_WINDOW_MS = 24 * HOUR;
/** Messenger/Instagram HUMAN_AGENT tag and private replies to comments: 7 days. */
export const HUMAN_AGENT_MS = 7 * DAY;

/**
 * What wecare may send where on one platform (after Chatwoot's channel models): the flows ask
 * these instead of branching on the platform's name.
 */
export interface ChannelRules {
  /** Whether wecare answers here at all; generic sources (app stores, forms) never. */
  answerable: boolean;
  /** Every conversation is private (Messenger, WhatsApp), whatever the mention's kind. */
  privateOnly: boolean;
  /**
   * The private channel of a public mention: a DM (X), a private reply to the comment within
   * `commentReplyMs` (Facebook, Instagram), or none (reviews; a second reply would replace the answer).
   */
  privateChannel: { kind: 'dm' } | { kind: 'comment-reply'; withinMs: number } | { kind: 'none'; why: string };
  /** Absent: a DM may be sent at any time (X). */
  window?: MessagingWindow;
  /** Whether a template may carry the author's name (X display names rarely are names). */
  addressByName: boolean;
  /** The author's phone number is the address while the platform gives one (WhatsApp beside a BSUID). */
  replyToPhone?: boolean;
  /** The longest text the platform takes in one reply or post, in characters. */
  maxLength?: number;
}

/** An incident update as a platform's own status post: rendered by broadcast, shaped by the adapter. */
export interface StatusPost {
  /** The brand's account on the platform: the channel target (page id, X user id). */
  account: string;
  headline: string;
  message: string;
  /** The incident on the status page. */
  link: string;
  /** The remote id of this incident's first post on the account: later updates thread under it. */
  replyTo?: string;
}

/**
 * The env names an adapter reads (contract names, README); infra grants them by the same names
 * (inbound and outbound secret groups, platform base URLs), which tests/unit/platforms/registry checks.
 */
export interface AdapterEnv {
  /** Webhook verification secrets (the webhook function's inbound secret). */
  inbound: string[];
  /** The API this platform talks to; platforms sharing one (Meta) share its URL and token. */
  api?: { name: string; baseUrl: string; defaultUrl: string; token: string };
  /** Optional settings with a default in code, by env name. */
  settings?: string[];
}

/** A mention as a text fetch needs it. */
export type FetchTarget = Pick<Mention, 'accountId' | 'externalId' | 'inReplyTo'>;

/**
 * One platform, whole: its webhook (verify and parse), reply client, text fetch, channel rules,
 * status posts and env. Adding a platform is one folder exporting one of these, plus config.
 */
export interface PlatformAdapter {
  platform: string;
  /** Its name in a sentence ("WhatsApp"). */
  label: string;
  /** The webhook route that receives it (several platforms may share one: Meta), and its account kind. */
  inbound: WebhookPlatform;
  rules: ChannelRules;
  reply?: ReplyClient;
  /** Completes a mention whose webhook carried ids only; absent when no API gives more. */
  fetchText?(deps: ReplyDeps, m: FetchTarget): Promise<FetchedText>;
  /** An incident update posted to the brand's own account (broadcast channels of this type). */
  statusPost?(post: StatusPost, env: ReplyEnv): OutboundRequest;
  env: AdapterEnv;
}
