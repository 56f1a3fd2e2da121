import * as z from 'zod/mini';
import { loadBrands } from '../config/load.ts';
import type { Mention } from '../mention.ts';
import { getMention, type Store } from '../store/mentions.ts';
import { createDynamo } from '../store/client.ts';
import { DEFAULT_TABLE, TABLE_ENV } from '../store/table.ts';
import { readReplyEnv } from './clients.ts';
import type { FlowDeps } from './thank-you.ts';

/** What a flow function needs, built once at cold start from env and config (tests build their own). */
export function flowDepsFromEnv(env: NodeJS.ProcessEnv = process.env): FlowDeps {
  return {
    store: { ddb: createDynamo(), table: env[TABLE_ENV] ?? DEFAULT_TABLE },
    brands: loadBrands(),
    reply: { env: readReplyEnv(env), fetch: globalThis.fetch },
    now: () => new Date(),
  };
}

/** The SNS envelope SQS receives (raw delivery off) around the mention.triaged message. */
const Envelope = z.object({ Message: z.string() });
const Triaged = z.object({ type: z.literal('mention.triaged'), mentionId: z.string().check(z.minLength(1)), brand: z.string() });

/** The mention id of a mention.triaged record; a record that is not one fails (and reaches the DLQ). */
export function triagedMentionId(body: string): string {
  const outer = JSON.parse(body) as unknown;
  const envelope = Envelope.safeParse(outer);
  const message = envelope.success ? (JSON.parse(envelope.data.Message) as unknown) : outer;
  const parsed = Triaged.safeParse(message);
  if (!parsed.success) throw new Error(`not a mention.triaged message: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  return parsed.data.mentionId;
}

/**
 * The mention a mention.triaged record names, read from the store (the event carries no text or
 * name). Undefined when there is nothing to act on: the mention is gone, or its author was erased
 * since, and an erased customer is never answered, thanked or followed up.
 */
export async function loadTriagedMention(store: Store, body: string): Promise<Mention | undefined> {
  const m = await getMention(store, triagedMentionId(body));
  return m && !m.erasedAt ? m : undefined;
}
