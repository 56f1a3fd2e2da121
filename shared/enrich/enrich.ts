import type { Mention } from '../mention.ts';
import { adapterOf } from '../platforms/index.ts';
import type { ReplyDeps } from '../platforms/types.ts';
import { anonymousAuthor, isErased } from '../privacy/tombstone.ts';
import type { Store } from '../store/client.ts';
import { closeErasedPending, completeText } from '../store/mention-updates.ts';
import { getMention } from '../store/mentions.ts';

export interface EnrichDeps {
  store: Store;
  platforms: ReplyDeps;
  now: () => Date;
}

/**
 * Completes a mention whose webhook carried ids only (Google review notifications, Instagram
 * @mentions): fetch the text from the platform, then one conditional update that clears
 * `textPending`, which the stream hands to triage as a MODIFY. A platform error throws, so the
 * stream retries the record; a redelivered record finds textPending gone and changes nothing.
 */
export async function enrichMention(deps: EnrichDeps, image: Mention): Promise<'enriched' | 'skipped' | 'erased'> {
  if (!image.textPending) return 'skipped';
  // The stream may hand us an old image: one read spares the platform's rate limit a second fetch.
  const m = await getMention(deps.store, image.id);
  if (!m?.textPending) return 'skipped';
  // A platform whose API gives no more (no fetchText): complete it with what the webhook said.
  const fetched = (await adapterOf(m.platform).fetchText?.(deps.platforms, m)) ?? { text: m.text, author: m.author };
  // The webhook named ids only: who wrote is known now, and an erased author's words are not written back.
  const erased = (await isErased(deps.store, m.platform, fetched.author, m.brand)) || (fetched.author.id !== m.author.id && (await isErased(deps.store, m.platform, m.author, m.brand)));
  // Nothing of theirs is written: the mention is closed with its counts, as erasure leaves it.
  if (erased) return (await closeErasedPending(deps.store, m, anonymousAuthor(), deps.now())) ? 'erased' : 'skipped';
  return (await completeText(deps.store, m, fetched, deps.now())) ? 'enriched' : 'skipped';
}
