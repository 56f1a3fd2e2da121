import { marshall } from '@aws-sdk/util-dynamodb';
import type { Mention } from '../mention.ts';
import { fromItem, type Store } from '../store/mentions.ts';
import { queryAll } from '../store/query.ts';
import { keys } from '../store/table.ts';
import { type WebcareEffect, webcareEffect } from '../flows/effect.ts';
import { listIncidents } from '../incidents/store.ts';
import { computeMetrics, type WebcareMetrics } from './compute.ts';
import { DEFLECTION_WINDOW_MS, type IncidentImpact, incidentImpact } from './incidents.ts';

/** A metrics request reads at most this many items per index; past it the figures say so (`truncated`). */
export const MAX_ITEMS = 20_000;

async function queryMentions(store: Store, input: Parameters<typeof queryAll>[1]): Promise<{ items: Mention[]; truncated: boolean }> {
  const { items, truncated } = await queryAll(store, input, MAX_ITEMS);
  return { items: items.map(fromItem), truncated };
}

/** The brand's mentions created in [from, to] (gsi1, sort key `<createdAt>#<id>`). */
export function mentionsBetween(store: Store, brand: string, from: string, to: string) {
  return queryMentions(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
    ExpressionAttributeValues: marshall({ ':pk': keys.brandTimeline(brand), ':from': from, ':to': `${to}\uffff` }),
  });
}

/** The open backlog (gsi4, the SLA queue). */
export function openMentions(store: Store, brand: string) {
  return queryMentions(store, {
    IndexName: 'gsi4',
    KeyConditionExpression: 'gsi4pk = :pk',
    ExpressionAttributeValues: marshall({ ':pk': keys.statusQueue(brand, 'open') }),
  });
}

export interface BrandReport extends WebcareMetrics {
  truncated: boolean;
  incidents: IncidentImpact[];
  effect: WebcareEffect;
}

/** Everything `GET /api/metrics` shows: triage figures, incident deflection, the effect of webcare. */
export async function brandMetrics(store: Store, q: { brand: string; from: string; to: string }, now: Date): Promise<BrandReport> {
  // Read an hour more than asked, so an incident early in the range has its "before" volume.
  const widened = new Date(Date.parse(q.from) - DEFLECTION_WINDOW_MS).toISOString();
  const [wide, open, incidents, effect] = await Promise.all([
    mentionsBetween(store, q.brand, widened, q.to),
    openMentions(store, q.brand),
    listIncidents(store, q.brand, new Date(q.from)),
    webcareEffect(store, q.brand, q.from, q.to),
  ]);
  const range = wide.items.filter((m) => m.createdAt >= q.from);
  // An item leaves the open queue when answered, but its gsi4 keys may linger until that write lands.
  const stillOpen = open.items.filter((m) => m.status === 'open');
  const inRange = incidents.filter((i) => i.createdAt <= q.to);
  return {
    ...computeMetrics(q, range, stillOpen, now),
    truncated: wide.truncated || open.truncated,
    incidents: incidentImpact(inRange, wide.items),
    effect,
  };
}
