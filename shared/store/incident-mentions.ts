import { DeleteItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Mention } from '../mention.ts';
import { isConditionFailure, type Store, storageDown } from './client.ts';
import { mentionKeys } from './mentions.ts';
import { incidentItems, incidentPartition } from './incidents.ts';

/**
 * What an incident writes about the mentions it holds:
 * - on the mention item: its incident tag and when its SLA clock paused (`slaPausedAt`), and on
 *   resume the moved due time (the case carries the queue: cases.ts);
 * - under the incident: `INCIDENT#<id>` / `AFFECTED#<platform>#<author>`, each author hit by it
 *   with their first mention, the list the resolve notice goes to.
 */

/** Tags the stored mention with its incident and pauses its SLA clock; the first tag wins (a redelivery changes nothing). */
export async function tagIncident(store: Store, mentionId: string, incidentId: string, now: Date): Promise<void> {
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(mentionKeys.item(mentionId)),
        UpdateExpression: 'SET incidentId = :i, slaPausedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(incidentId)',
        ExpressionAttributeValues: marshall({ ':i': incidentId, ':at': now.toISOString() }),
      }),
    );
  } catch (e) {
    if (!isConditionFailure(e)) throw storageDown(e);
  }
}

/**
 * The SLA clock of a paused mention runs again with its due time moved to `due` (also in the SLA
 * queue index). Once per pause: only while `slaPausedAt` is still `pausedAt`, and the mark goes.
 */
export async function resumeSlaClock(store: Store, mentionId: string, pausedAt: string, due: string): Promise<void> {
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(mentionKeys.item(mentionId)),
        UpdateExpression: 'SET slaDueAt = :due REMOVE slaPausedAt',
        ConditionExpression: 'slaPausedAt = :paused',
        ExpressionAttributeValues: marshall({ ':due': due, ':paused': pausedAt }),
      }),
    );
  } catch (e) {
    if (!isConditionFailure(e)) throw storageDown(e);
  }
}

/** Remembers that an author was hit by an incident, keeping their first mention. `false` when already known. */
export async function recordAffected(store: Store, incidentId: string, mention: Mention, now: Date): Promise<boolean> {
  const key = { pk: incidentPartition(incidentId), sk: `AFFECTED#${mention.platform}#${mention.author.id}` };
  try {
    await store.ddb.send(
      new PutItemCommand({
        TableName: store.table,
        Item: marshall({ ...key, entity: 'affected', mention, at: now.toISOString() }, { removeUndefinedValues: true }),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw storageDown(e);
  }
}

/** The first mention of every author an incident hit. */
export async function affectedMentions(store: Store, incidentId: string): Promise<Mention[]> {
  return (await incidentItems(store, incidentId, 'AFFECTED#')).map((i) => unmarshall(i).mention as Mention);
}

/** Erasure: the incident forgets that this author was hit (the record keeps their mention); whether it knew. */
export async function forgetAffected(store: Store, incidentId: string, platform: string, authorId: string): Promise<boolean> {
  try {
    const key = { pk: incidentPartition(incidentId), sk: `AFFECTED#${platform}#${authorId}` };
    const out = await store.ddb.send(new DeleteItemCommand({ TableName: store.table, Key: marshall(key), ReturnValues: 'ALL_OLD' }));
    return out.Attributes !== undefined;
  } catch (e) {
    throw storageDown(e);
  }
}
