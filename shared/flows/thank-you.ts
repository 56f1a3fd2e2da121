import type { Brands } from '../config/load.ts';
import type { Mention } from '../mention.ts';
import { createIntent, getIntent, type Intent } from '../store/outbox.ts';
import { fillName, pickTemplate, replyRoute } from './channel.ts';
import { deliver, intentId, newIntent, type OutboxDeps } from './outbox.ts';
import { conversationMentions } from '../store/mention-reads.ts';
import { reserveThankYou } from '../store/thank-you-guards.ts';
import { hasOpenComplaint, thankYouVerdict } from './thank-you-rules.ts';
import { crisisReason } from './crisis.ts';
import type { RescueTimings } from '../env.ts';
import { answered } from '../cases/lifecycle.ts';
import { changeCase } from '../cases/mutate.ts';
import { caseOfMention } from '../cases/ids.ts';

export interface FlowDeps extends OutboxDeps {
  brands: Brands;
  /** The sweep's rescue of untriaged mentions (functionEnv; 120 s each when a test leaves it out). */
  rescue?: RescueTimings;
}

export const THANK_YOU = 'thank-you';

/**
 * The thank-you flow for one triaged mention. Decides once per mention: the intent id is the
 * mention's, so a redelivered event finds the decision (sent, skipped with its reason, dry-run)
 * and resumes or returns it instead of deciding again.
 */
export async function thankYou(deps: FlowDeps, m: Mention): Promise<Intent> {
  const id = intentId(m.id, THANK_YOU);
  const known = await getIntent(deps.store, id);
  if (known) return known.state === 'pending' || known.state === 'sending' ? thanked(deps, m, await deliver(deps, id)) : known;

  const brand = deps.brands.byId(m.brand);
  if (!brand) return skip(deps, m, `unknown brand ${m.brand}`);
  const verdict = thankYouVerdict(m, brand);
  if (!verdict.send) return skip(deps, m, verdict.reason);
  // During a major outage a cheerful reply reads as mockery: skipped for good, never sent later.
  const crisis = await crisisReason(deps.store, brand);
  if (crisis) return skip(deps, m, crisis);
  if (hasOpenComplaint(await conversationMentions(deps.store, m.conversationId), m.id)) {
    return skip(deps, m, 'open complaint in the conversation');
  }
  const template = pickTemplate(brand.thankYou.templates, m.lang, brand.languages);
  const route = replyRoute(m, fillName(template.text, m), deps.now());
  if (!route.ok) return skip(deps, m, route.reason);

  const intent = newIntent({ flow: THANK_YOU, subject: m.id, brand: m.brand, mentionId: m.id, message: route.message, dryRun: brand.thankYou.dryRun }, deps.now());
  const reserved = await reserveThankYou(deps.store, intent, m, brand.thankYou, deps.now());
  if (reserved === 'cool-down') return skip(deps, m, `author thanked within ${brand.thankYou.cooldownDays} days`);
  if (reserved === 'hourly cap') return skip(deps, m, `brand reached ${brand.thankYou.maxPerHour} thank-yous this hour`);
  return intent.state === 'dry-run' ? ((await getIntent(deps.store, id)) ?? intent) : thanked(deps, m, await deliver(deps, id));
}

const THANKER = { type: 'system' as const, id: 'thank-you' };

/**
 * A fan thanked needs nothing more: with the brand's `cases.resolveThanked` the case is resolved,
 * unless it is a complaint or the customer wrote again since.
 */
async function thanked(deps: FlowDeps, m: Mention, intent: Intent): Promise<Intent> {
  const brand = deps.brands.byId(m.brand);
  if (intent.state !== 'sent' || !brand?.cases.resolveThanked) return intent;
  const reply = { at: deps.now(), actor: THANKER, mentionId: m.id, replyId: intent.replyId, platform: m.platform, resolve: true, intentId: intent.id };
  await changeCase(deps.store, caseOfMention(m), (c) =>
    (c.state === 'new' || c.state === 'open') && c.intent !== 'complaint' && c.lastMentionId === m.id ? answered(brand, c, reply, deps.now()) : undefined,
  ).catch((e) => {
    if ((e as { code?: string }).code !== 'not_found') throw e;
  });
  return intent;
}

/** A decision not to thank, kept with its reason (and idempotent like any intent). */
async function skip(deps: FlowDeps, m: Mention, reason: string): Promise<Intent> {
  const at = deps.now().toISOString();
  const { intent } = await createIntent(deps.store, {
    id: intentId(m.id, THANK_YOU),
    flow: THANK_YOU,
    brand: m.brand,
    mentionId: m.id,
    platform: m.platform,
    state: 'skipped',
    reason,
    attempts: 0,
    createdAt: at,
    updatedAt: at,
  });
  return intent;
}
