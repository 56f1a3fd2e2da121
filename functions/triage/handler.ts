import type { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { createSns } from '../../shared/bus/clients.ts';
import { mentionTriagedAttributes, mentionTriagedEvent } from '../../shared/bus/events.ts';
import { publish } from '../../shared/bus/publish.ts';
import { Brand } from '../../shared/config/brand.ts';
import { type Brands, loadBrands } from '../../shared/config/load.ts';
import { describeIssues } from '../../shared/errors.ts';
import { createLogger } from '../../shared/log.ts';
import type { Mention } from '../../shared/mention.ts';
import { createDynamo } from '../../shared/store/client.ts';
import { fromItem, getMention, mentionId, type Store } from '../../shared/store/mentions.ts';
import { activeIncidentsCache } from '../../shared/incidents/active.ts';
import { matchIncident } from '../../shared/incidents/outage.ts';
import { mentionSpike } from '../../shared/incidents/spike.ts';
import { countBreaches } from '../../shared/store/sla.ts';
import { markProgress } from '../../shared/store/watermark.ts';
import { DEFAULT_TABLE } from '../../shared/store/table.ts';
import { authorMentions, conversationStarter, markPublished, rememberFirstText, sameTextFirsts, writeTriage } from '../../shared/store/triage.ts';
import { CASE_DEFAULTS, identitiesOf, linkCase } from '../../shared/triage/cases.ts';
import { classify } from '../../shared/triage/classify.ts';
import { partialBatch } from '../adapters/batch.ts';

export interface TriageDeps {
  store: Store;
  sns: SNSClient;
  topicArn: string;
  brands: Brands;
  now: () => Date;
  logger: Logger;
  /** The active incident a triaged mention matches (the incidents capability plugs in here). */
  matchIncident?: (mention: Mention) => Promise<string | undefined>;
  /** CloudWatch (EMF) metrics: SlaBreaches, watched by an alarm in infra. */
  metrics?: Metrics;
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

export type Outcome = 'skipped' | 'triaged' | 'redelivered';

/** INSERT of a new customer mention, or MODIFY when its text arrived (textPending true → false). */
export function wantsTriage(record: DynamoDBRecord): boolean {
  const image = record.dynamodb?.NewImage;
  if (!image || image.type?.S !== 'mention' || image.status?.S !== 'new' || image.fromBrand?.BOOL) return false;
  if (image.textPending?.BOOL) return false;
  if (record.eventName === 'INSERT') return true;
  if (record.eventName !== 'MODIFY') return false;
  // Its text just arrived (enrich), or the sweep nudged a mention whose stream record was never triaged.
  const old = record.dynamodb?.OldImage;
  return old?.textPending?.BOOL === true || image.rescuedAt?.S !== old?.rescuedAt?.S;
}

export async function triageRecord(deps: TriageDeps, record: DynamoDBRecord): Promise<Outcome> {
  if (!wantsTriage(record)) return 'skipped';
  const mention = fromItem(record.dynamodb!.NewImage as Record<string, AttributeValue>);
  const valid = Triageable.safeParse(mention);
  if (!valid.success) throw new Error(`mention ${mention.id ?? '?'} cannot be triaged: ${describeIssues(valid.error.issues)}`);
  const brand = deps.brands.byId(mention.brand) ?? UNKNOWN_BRAND;
  const now = deps.now();
  const [link, inBrandThread] = await Promise.all([caseOf(deps, mention, brand), inBrandThreadOf(deps.store, mention)]);
  const triage = classify(mention, brand, { now, repeatContacts: link.repeatContacts, inBrandThread });
  const incidentId = deps.matchIncident ? await deps.matchIncident({ ...mention, ...triage }) : undefined;
  // Before the write: a retry after a failure in between remembers it all the same (the condition keeps the first).
  await rememberFirstText(deps.store, mention, link.caseId);
  const triaged = await writeTriage(deps.store, mention.id, { ...triage, caseId: link.caseId, incidentId }, mention.brand);
  if (!triaged) return 'redelivered';
  // Ids and labels only: the flows read the mention itself from the store.
  await publish(deps.sns, deps.topicArn, mentionTriagedEvent(triaged), mentionTriagedAttributes(triaged));
  await markPublished(deps.store, mention.id, deps.now().toISOString());
  if (Date.parse(triage.slaDueAt) < now.getTime()) {
    deps.logger.warn('sla breached at triage', { metric: 'SlaBreach', mentionId: mention.id, brand: mention.brand, slaDueAt: triage.slaDueAt });
  }
  return 'triaged';
}

/** Candidates for the case rule: the author's identities (gsi3) and the first mentions of the same text. */
async function caseOf(deps: TriageDeps, m: Mention, brand: Brand) {
  const repeatSince = new Date(Date.parse(m.createdAt) - CASE_DEFAULTS.repeatWindowDays * 86_400_000).toISOString();
  const identities = identitiesOf(brand, m.platform, m.author.id).map((id) => {
    const split = id.indexOf(':');
    return authorMentions(deps.store, id.slice(0, split), id.slice(split + 1), repeatSince, m.createdAt);
  });
  const candidates = (await Promise.all([...identities, sameTextFirsts(deps.store, m)])).flat();
  return linkCase(m, candidates, brand);
}

/** A reply to the brand's own message, or a comment in a thread the brand started. */
async function inBrandThreadOf(store: Store, m: Mention): Promise<boolean> {
  if (m.inReplyTo) {
    const parent = await getMention(store, mentionId(m.platform, m.inReplyTo));
    if (parent) return parent.status === 'brand';
  }
  if (m.kind !== 'reply' && m.kind !== 'comment') return false;
  const starter = await conversationStarter(store, m.conversationId);
  return starter?.status === 'brand';
}

/** The stream handler: one record failing (poison, storage down) fails only that record. */
export function createTriageHandler(deps: TriageDeps): (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse> {
  const recordHandler = async (record: DynamoDBRecord) => {
    try {
      return await triageRecord(deps, record);
    } catch (e) {
      deps.logger.error('triage failed', { eventID: record.eventID, error: e as Error });
      throw e;
    }
  };
  // In order: an earlier mention of a case is triaged (and owns the caseId) before a later one.
  // A fully failed batch is reported record by record instead of thrown; Lambda retries it the same way.
  return async (event) => {
    const result = await partialBatch('stream', event, recordHandler, { inOrder: true });
    await markProgress(deps.store, 'triage', event.Records as never, result.batchItemFailures, deps.now());
    if (deps.metrics) await reportBreaches(deps, deps.metrics, event);
    return result;
  };
}

/**
 * The SlaBreaches metric the alarm watches: open mentions past due, per brand this batch touched.
 * A metrics failure never fails the batch: the triage itself is done.
 */
async function reportBreaches(deps: TriageDeps, metrics: Metrics, event: DynamoDBStreamEvent) {
  const brands = new Set(event.Records.map((r) => r.dynamodb?.NewImage?.brand?.S).filter((b): b is string => Boolean(b)));
  try {
    let breaches = 0;
    for (const brand of brands) breaches += await countBreaches(deps.store, brand, deps.now());
    metrics.addMetric('SlaBreaches', MetricUnit.Count, breaches);
    metrics.publishStoredMetrics();
  } catch (e) {
    deps.logger.warn('SlaBreaches not reported', { error: e as Error });
  }
}

/** Whether a brand's volume spikes, reused for half a minute: only asked while an incident is active. */
function spikeCache(store: Store, cacheMs = 30_000) {
  const cache = new Map<string, { at: number; spike: Promise<boolean> }>();
  return (brand: string): Promise<boolean> => {
    const hit = cache.get(brand);
    if (hit && Date.now() - hit.at < cacheMs) return hit.spike;
    const spike = mentionSpike(store, brand, new Date()).catch(() => false);
    cache.set(brand, { at: Date.now(), spike });
    return spike;
  };
}

function depsFromEnv(): TriageDeps {
  const topicArn = process.env.MENTION_EVENTS_TOPIC_ARN;
  if (!topicArn) throw new Error('MENTION_EVENTS_TOPIC_ARN is not set: the triage function publishes mention.triaged there');
  const store = { ddb: createDynamo(), table: process.env.TABLE_NAME ?? DEFAULT_TABLE };
  const brands = loadBrands();
  const active = activeIncidentsCache(store);
  const spike = spikeCache(store);
  return {
    store,
    sns: createSns(),
    topicArn,
    brands,
    now: () => new Date(),
    logger: createLogger('wecare-triage'),
    // EMF lines are for CloudWatch; on one machine /api/metrics shows the breaches instead.
    metrics: process.env.AWS_LAMBDA_FUNCTION_NAME ? new Metrics({ namespace: 'wecare', serviceName: 'wecare-triage' }) : undefined,
    // The `incident` message attribute: flows filter on it (the outage auto-reply, the thank-you's silence).
    matchIncident: async (mention) => {
      const brand = brands.byId(mention.brand);
      const incidents = brand ? await active(mention.brand) : [];
      if (!brand || !incidents.length) return undefined;
      // The spike is only worth its count for a complaint nothing else ties to the incident.
      const named = matchIncident(brand, mention, incidents);
      if (named || mention.intent !== 'complaint') return named?.id;
      return matchIncident(brand, mention, incidents, { spike: await spike(mention.brand) })?.id;
    },
  };
}

export const handler = createTriageHandler(depsFromEnv());
