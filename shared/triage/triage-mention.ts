import type { Logger } from '@aws-lambda-powertools/logger';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { mentionTriagedAttributes, mentionTriagedEvent } from '../bus/events.ts';
import { publish } from '../bus/publish.ts';
import { Brand } from '../config/brand.ts';
import type { Brands } from '../config/load.ts';
import { describeIssues } from '../errors.ts';
import type { Mention } from '../mention.ts';
import type { Store } from '../store/client.ts';
import { authorMentions, conversationStarter } from '../store/mention-reads.ts';
import { markPublished, writeTriage } from '../store/mention-triage.ts';
import { getMention, mentionId } from '../store/mentions.ts';
import { decodeMentionRecord } from '../store/stream-records.ts';
import { CASE_DEFAULTS, identitiesOf, linkCase } from './cases.ts';
import { brandEcho } from '../cases/echo.ts';
import { keepCase } from '../cases/upkeep.ts';
import { classify } from './classify.ts';
import { rememberFirstText, sameTextFirsts } from './same-text.ts';

/**
 * What triaging a mention needs, built once at cold start by functions/triage/handler.ts (tests
 * build their own): the store, the bus, the brands, a clock, and the incident-matching policy.
 */
export interface TriageContext {
  store: Store;
  sns: SNSClient;
  topicArn: string;
  brands: Brands;
  now: () => Date;
  logger: Logger;
  /**
   * The active incident a triaged mention matches. The incidents capability plugs its policy in
   * here (shared/incidents/triage-match.ts incidentMatcher): triage itself knows no incidents.
   */
  matchIncident?: (mention: Mention) => Promise<string | undefined>;
  /** Bench only (cases.triage_ratio): triage without the case upkeep, to measure what it costs. */
  skipCases?: boolean;
}

/** What triage needs from a stream image; a record without it is poison and goes to the batch failures. */
const Triageable = z.object({
  id: z.string(),
  brand: z.string(),
  platform: z.string(),
  text: z.string(),
  createdAt: z.string(),
  conversationId: z.string(),
  author: z.object({ id: z.string() }),
});

/** Brands missing from config (mentions stored and flagged at ingest) still get triaged, with defaults. */
const UNKNOWN_BRAND = Brand.parse({ id: 'unknown', name: 'Unknown brand' });

export type TriageOutcome = 'skipped' | 'triaged' | 'redelivered' | 'echo';

/** INSERT of a new customer mention, or MODIFY when its text arrived (textPending true → false). */
export function wantsTriage(record: DynamoDBRecord): boolean {
  const decoded = decodeMentionRecord(record);
  if (!decoded) return false;
  const { mention } = decoded;
  if (mention.status !== 'new' || mention.fromBrand || mention.textPending) return false;
  if (mention.erasedAt) return false;
  if (decoded.event === 'INSERT') return true;
  // Its text just arrived (enrich), or the sweep nudged a mention whose stream record was never triaged.
  return decoded.previous?.textPending === true || decoded.nudged;
}

/**
 * Triage of one stream record: case link and thread check, classify, incident match, same-text
 * memory, the conditional write, then mention.triaged on the bus. A redelivered record whose
 * write already happened is 'redelivered' and publishes nothing.
 */
export async function triageRecord(ctx: TriageContext, record: DynamoDBRecord): Promise<TriageOutcome> {
  if (isBrandEcho(record)) return (await echoOf(ctx, record)) ? 'echo' : 'skipped';
  if (!wantsTriage(record)) return 'skipped';
  const mention = decodeMentionRecord(record)!.mention;
  const valid = Triageable.safeParse(mention);
  if (!valid.success) throw new Error(`mention ${mention.id ?? '?'} cannot be triaged: ${describeIssues(valid.error.issues)}`);
  const brand = ctx.brands.byId(mention.brand) ?? UNKNOWN_BRAND;
  const now = ctx.now();
  const [link, inBrandThread] = await Promise.all([caseOf(ctx, mention, brand), inBrandThreadOf(ctx.store, mention)]);
  const triage = classify(mention, brand, { now, repeatContacts: link.repeatContacts, inBrandThread });
  const incidentId = ctx.matchIncident ? await ctx.matchIncident({ ...mention, ...triage }) : undefined;
  // Before the write: a retry after a failure in between finds the case kept and the text remembered.
  // Side by side, as neither waits for the other: the text memory names the linked case. They differ
  // only for a message in a thread idle past the reopen window (a case of its own): a copy of it on
  // another channel then starts a third case instead of joining, which is rare and harmless.
  const [kept] = await Promise.all([
    ctx.skipCases ? { caseId: link.caseId } : keepCase(ctx.store, brand, { ...mention, ...triage, incidentId }, link.caseId, now),
    rememberFirstText(ctx.store, mention, link.caseId),
  ]);
  const triaged = await writeTriage(ctx.store, mention.id, { ...triage, caseId: kept.caseId, incidentId });
  if (!triaged) return 'redelivered';
  // Ids and labels only: the flows read the mention itself from the store.
  await publish(ctx.sns, ctx.topicArn, mentionTriagedEvent(triaged), mentionTriagedAttributes(triaged));
  await markPublished(ctx.store, mention.id, ctx.now().toISOString());
  return 'triaged';
}

/** The brand's own message, new on the stream: maybe an answer given in the platform's own app. */
function isBrandEcho(record: DynamoDBRecord): boolean {
  const decoded = decodeMentionRecord(record);
  return decoded?.event === 'INSERT' && (decoded.mention.fromBrand === true || decoded.mention.status === 'brand');
}

async function echoOf(ctx: TriageContext, record: DynamoDBRecord): Promise<string | undefined> {
  const mention = decodeMentionRecord(record)!.mention as Mention;
  const brand = ctx.brands.byId(mention.brand);
  return brand ? brandEcho(ctx.store, brand, mention, ctx.now()) : undefined;
}

/** Candidates for the case rule: the author's identities (gsi3) and the first mentions of the same text. */
async function caseOf(ctx: TriageContext, m: Mention, brand: Brand) {
  const repeatSince = new Date(Date.parse(m.createdAt) - CASE_DEFAULTS.repeatWindowDays * 86_400_000).toISOString();
  const identities = identitiesOf(brand, m.platform, m.author.id).map((id) => {
    const split = id.indexOf(':');
    return authorMentions(ctx.store, id.slice(0, split), id.slice(split + 1), repeatSince, m.createdAt);
  });
  const candidates = (await Promise.all([...identities, sameTextFirsts(ctx.store, m)])).flat();
  return linkCase(m, candidates, brand);
}

/** A reply to the brand's own message, or a comment in a thread the brand started. */
async function inBrandThreadOf(store: Store, m: Mention): Promise<boolean> {
  if (m.inReplyTo) {
    const parent = await getMention(store, mentionId(m.brand, m.platform, m.inReplyTo));
    if (parent) return parent.status === 'brand';
  }
  if (m.kind !== 'reply' && m.kind !== 'comment') return false;
  const starter = await conversationStarter(store, m.conversationId);
  return starter?.status === 'brand';
}
