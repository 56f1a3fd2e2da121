import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Intent, Mention, Sentiment } from '../mention.ts';
import { isConditionFailure, type Store, storageDown } from './client.ts';
import { fromItem, mentionKeys } from './mentions.ts';

/** What triage writes back on a mention (the labels of shared/triage/classify.ts, its case and incident). */
export interface TriageWrite {
  lang: string;
  sentiment: Sentiment;
  sarcasm: boolean;
  intent: Intent;
  priority: number;
  team: string;
  slaDueAt: string;
  triagedAt: string;
  /** Classified as an outage report: not stored (the incident it matched is). */
  outage?: boolean;
  caseId: string;
  incidentId?: string;
}

/**
 * The one conditional write-back. It passes for a new mention, and for a triaged one whose
 * `mention.triaged` was never published (the update succeeded, the publish failed): the retry
 * then writes the same triage again and publishes. Anything else (published, answered) is a
 * redelivery and changes nothing: `undefined`.
 */
export async function writeTriage(store: Store, id: string, t: TriageWrite): Promise<Mention | undefined> {
  const fields: Record<string, unknown> = {
    status: 'open',
    lang: t.lang,
    sentiment: t.sentiment,
    sarcasm: t.sarcasm,
    intent: t.intent,
    priority: t.priority,
    team: t.team,
    slaDueAt: t.slaDueAt,
    triagedAt: t.triagedAt,
    caseId: t.caseId,
    ...(t.incidentId ? { incidentId: t.incidentId } : {}),
  };
  const names: Record<string, string> = { '#published': 'publishedAt' };
  const values: Record<string, unknown> = { ':new': 'new', ':open': 'open' };
  const sets = Object.entries(fields).map(([k, v]) => {
    names[`#${k}`] = k;
    values[`:${k}`] = v;
    return `#${k} = :${k}`;
  });
  try {
    const out = await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(mentionKeys.item(id)),
        // Triaged: it leaves the rescue index (gsi5) in the same write.
        UpdateExpression: `SET ${sets.join(', ')} REMOVE gsi5pk, gsi5sk`,
        ConditionExpression: 'attribute_exists(pk) AND (#status = :new OR (#status = :open AND attribute_not_exists(#published)))',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return out.Attributes ? fromItem(out.Attributes) : undefined;
  } catch (e) {
    if (isConditionFailure(e)) return undefined;
    throw storageDown(e);
  }
}

/** Marks the event as published; a second mark (a concurrent retry) is harmless. */
export async function markPublished(store: Store, id: string, at: string): Promise<void> {
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(mentionKeys.item(id)),
        UpdateExpression: 'SET #published = :at',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#published)',
        ExpressionAttributeNames: { '#published': 'publishedAt' },
        ExpressionAttributeValues: marshall({ ':at': at }),
      }),
    );
  } catch (e) {
    if (!isConditionFailure(e)) throw storageDown(e);
  }
}
