import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Sentiment } from '../mention.ts';
import { isConditionFailure, type Item, type Store, storageDown } from './client.ts';
import { dueKeys } from './due-index.ts';
import { queryAll } from './query.ts';

/**
 * The follow-up entity: pk `FOLLOWUP#<caseId>`, on gsi1 `FOLLOWUPS#<brand>` / `<scheduledAt>#<id>`
 * (the effect metrics), and on the due index (gsi5) while scheduled or claimed.
 */
export type FollowUpState = 'scheduled' | 'claimed' | 'sent' | 'skipped' | 'failed' | 'cancelled';

/** One follow-up per case: a new agent answer reschedules it, a customer message cancels it. */
export interface FollowUp {
  id: string;
  brand: string;
  caseId: string;
  /** The customer mention the agent answered: channel, language and author come from it. */
  mentionId: string;
  state: FollowUpState;
  dueAt: string;
  scheduledAt: string;
  leaseUntil?: string;
  intentId?: string;
  replyId?: string;
  reason?: string;
  sentAt?: string;
  /** The customer's next message after the follow-up went out, with its sentiment. */
  answer?: { mentionId: string; at: string; sentiment?: Sentiment };
}

export const followUpKey = (caseId: string) => ({ pk: `FOLLOWUP#${caseId}`, sk: 'FOLLOWUP' });
const brandFollowUps = (brand: string) => `FOLLOWUPS#${brand}`;

const fromItem = (item: Item) => {
  const { pk, sk, type, gsi1pk, gsi1sk, gsi5pk, gsi5sk, ...rest } = unmarshall(item);
  return rest as FollowUp;
};

async function update(store: Store, caseId: string, input: Omit<ConstructorParameters<typeof UpdateItemCommand>[0], 'TableName' | 'Key'>) {
  try {
    const out = await store.ddb.send(
      new UpdateItemCommand({ TableName: store.table, Key: marshall(followUpKey(caseId)), ReturnValues: 'ALL_NEW', ...input }),
    );
    return fromItem(out.Attributes!);
  } catch (e) {
    if (isConditionFailure(e)) return undefined;
    throw storageDown(e);
  }
}

/**
 * Schedules (or moves) the conversation's follow-up. A follow-up being sent right now is left
 * alone; a finished one is replaced, since a new answer opens a new round.
 */
export function scheduleFollowUp(store: Store, f: { brand: string; caseId: string; mentionId: string; dueAt: string; now: string }) {
  const id = f.caseId;
  const due = dueKeys(id, f.dueAt);
  return update(store, f.caseId, {
    UpdateExpression:
      'SET #type = :type, id = :id, brand = :brand, caseId = :case, mentionId = :mention, #state = :scheduled, ' +
      'dueAt = :due, scheduledAt = :now, gsi1pk = :g1pk, gsi1sk = :g1sk, gsi5pk = :g5pk, gsi5sk = :g5sk ' +
      'REMOVE leaseUntil, intentId, replyId, reason, sentAt, answer',
    ConditionExpression: 'attribute_not_exists(pk) OR #state <> :claimed OR leaseUntil < :now',
    ExpressionAttributeNames: { '#type': 'type', '#state': 'state' },
    ExpressionAttributeValues: marshall({
      ':type': 'followup', ':id': id, ':brand': f.brand, ':case': f.caseId, ':mention': f.mentionId,
      ':scheduled': 'scheduled', ':claimed': 'claimed', ':due': f.dueAt, ':now': f.now,
      ':g1pk': brandFollowUps(f.brand), ':g1sk': `${f.now}#${id}`, ':g5pk': due.gsi5pk, ':g5sk': due.gsi5sk,
    }),
  });
}

/** Cancels a scheduled follow-up (customer wrote again, case closed as solved); undefined if none was waiting. */
export function cancelFollowUp(store: Store, caseId: string, reason: string, writtenAt?: string) {
  return update(store, caseId, {
    UpdateExpression: 'SET #state = :cancelled, reason = :reason REMOVE gsi5pk, gsi5sk',
    // Only a message written after the agent's answer cancels: an older one is what was answered.
    ConditionExpression: `#state = :scheduled${writtenAt ? ' AND scheduledAt < :written' : ''}`,
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: marshall({ ':cancelled': 'cancelled', ':reason': reason, ':scheduled': 'scheduled', ...(writtenAt ? { ':written': writtenAt } : {}) }),
  });
}

/**
 * The exactly-once gate of the sweep: scheduled → claimed, conditional, before any send. The
 * lease moves the due key forward, so a sweep that dies mid-send is retried after the lease.
 */
export function claimFollowUp(store: Store, caseId: string, now: Date, leaseMs: number) {
  const lease = new Date(now.getTime() + leaseMs).toISOString();
  const due = dueKeys(caseId, lease);
  return update(store, caseId, {
    UpdateExpression: 'SET #state = :claimed, leaseUntil = :lease, gsi5pk = :g5pk, gsi5sk = :g5sk',
    ConditionExpression: '(#state = :scheduled AND dueAt <= :now) OR (#state = :claimed AND leaseUntil < :now)',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: marshall({
      ':claimed': 'claimed', ':scheduled': 'scheduled', ':lease': lease, ':now': now.toISOString(), ':g5pk': due.gsi5pk, ':g5sk': due.gsi5sk,
    }),
  });
}

/** Ends a claimed follow-up: sent (with the platform's reply id), skipped or failed (with why). */
export function finishFollowUp(store: Store, caseId: string, end: { state: 'sent' | 'skipped' | 'failed'; at: string; intentId?: string; replyId?: string; reason?: string }) {
  const set = ['#state = :state'];
  const values: Record<string, unknown> = { ':state': end.state, ':claimed': 'claimed' };
  for (const field of ['intentId', 'replyId', 'reason'] as const) {
    if (end[field] === undefined) continue;
    set.push(`${field} = :${field}`);
    values[`:${field}`] = end[field];
  }
  if (end.state === 'sent') {
    set.push('sentAt = :at');
    values[':at'] = end.at;
  }
  return update(store, caseId, {
    UpdateExpression: `SET ${set.join(', ')} REMOVE gsi5pk, gsi5sk, leaseUntil`,
    ConditionExpression: '#state = :claimed',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: marshall(values),
  });
}

/** Records the customer's first message after the follow-up; later messages do not overwrite it. */
export function recordAnswer(store: Store, caseId: string, answer: NonNullable<FollowUp['answer']>) {
  return update(store, caseId, {
    UpdateExpression: 'SET answer = :answer',
    ConditionExpression: '#state = :sent AND attribute_not_exists(answer) AND sentAt < :at',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: marshall({ ':answer': answer, ':sent': 'sent', ':at': answer.at }, { removeUndefinedValues: true }),
  });
}

export async function getFollowUp(store: Store, caseId: string): Promise<FollowUp | undefined> {
  try {
    const out = await store.ddb.send(new GetItemCommand({ TableName: store.table, Key: marshall(followUpKey(caseId)), ConsistentRead: true }));
    return out.Item ? fromItem(out.Item) : undefined;
  } catch (e) {
    throw storageDown(e);
  }
}

/** A brand's follow-ups scheduled in [from, to), for the effect metrics. */
export async function listFollowUps(store: Store, brand: string, from: string, to: string): Promise<FollowUp[]> {
  const { items } = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
    ExpressionAttributeValues: marshall({ ':pk': brandFollowUps(brand), ':from': from, ':to': `${to}\uffff` }),
  });
  return items.map(fromItem);
}
