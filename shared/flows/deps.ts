import { MentionTriaged } from '../bus/events.ts';
import { decodeEvent } from '../bus/envelope.ts';
import { brandsFromEnv } from '../config/load.ts';
import type { FunctionEnv } from '../env.ts';
import type { Mention } from '../mention.ts';
import type { Store } from '../store/client.ts';
import { getMention } from '../store/mentions.ts';
import { storeFromEnv } from '../store/client.ts';
import { readReplyEnv } from '../platforms/index.ts';
import type { FlowDeps } from './thank-you.ts';

/** What a flow function needs, built once at cold start from its env and config (tests build their own). */
export function flowDeps(env: FunctionEnv): FlowDeps {
  return {
    store: storeFromEnv(env),
    brands: brandsFromEnv(env),
    reply: { env: readReplyEnv(env.vars), fetch: globalThis.fetch },
    now: () => new Date(),
    rescue: env.rescue,
  };
}

/** The mention id of a mention.triaged record; a record that is not one fails (and reaches the DLQ). */
export function triagedMentionId(body: string): string {
  return decodeEvent(body, MentionTriaged).mentionId;
}

/**
 * The mention a mention.triaged record names, read from the store (the event carries no text or
 * name). Undefined when there is nothing to act on: the mention is gone, or its author was erased
 * since, and an erased customer is never answered, thanked or followed up.
 */
export function loadTriagedMention(store: Store, body: string): Promise<Mention | undefined> {
  return triagedMention(store, triagedMentionId(body));
}

/** The mention a decoded mention.triaged names, unless it is gone or its author erased (see above). */
export async function triagedMention(store: Store, mentionId: string): Promise<Mention | undefined> {
  const m = await getMention(store, mentionId);
  return m && !m.erasedAt ? m : undefined;
}
