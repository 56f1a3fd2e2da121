import type { Brand } from '../config/brand.ts';
import type { Mention } from '../mention.ts';
import type { Store } from '../store/client.ts';
import { conversationMentions } from '../store/mention-reads.ts';
import { changeCase } from './mutate.ts';
import { answered } from './lifecycle.ts';

/**
 * The brand answered in the platform's own app (an echo: the brand's own message in a customer's
 * conversation). It counts as the answer: first response, and the case waits on the customer.
 * wecare's own replies echo too; those carry the reply id wecare recorded and change nothing.
 */
export async function brandEcho(store: Store, brand: Brand, m: Mention, now: Date): Promise<string | undefined> {
  const thread = await conversationMentions(store, m.conversationId);
  const customer = thread
    .filter((t) => t.caseId && !t.fromBrand && t.status !== 'brand' && t.createdAt <= m.createdAt)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .at(-1);
  if (!customer?.caseId) return undefined;
  const actor = { type: 'system' as const, id: `${m.platform}-app` };
  await changeCase(store, customer.caseId, (c) => {
    if (c.lastReplyId === m.externalId || c.state === 'spam' || c.state === 'dismissed') return undefined;
    if (c.lastResponseAt && c.lastResponseAt >= m.createdAt) return undefined;
    return answered(brand, c, { at: new Date(m.createdAt), actor, mentionId: m.id, replyId: m.externalId, platform: m.platform, native: true }, now);
  }).catch((e) => {
    // The case may be gone (erased); an echo is never worth a failed batch.
    if ((e as { code?: string }).code !== 'not_found') throw e;
  });
  return customer.caseId;
}
