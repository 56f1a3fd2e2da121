import { DeleteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Actor } from '../case.ts';
import { type Store, storageDown } from './client.ts';
import { mentionKeys } from './mentions.ts';

/**
 * Triage corrections kept as labelled examples (a person said what the message really is), for a
 * later learned model. The label lives beside its mention (pk `MENTION#<id>`, sk `LABEL`), so an
 * erasure that finds the author's mentions finds their labels; gsi1 `LABELS#<brand>` by time lists
 * a brand's training set.
 */
export interface TriageLabel {
  brand: string;
  mentionId: string;
  text: string;
  lang?: string;
  platform: string;
  predicted: { sentiment?: string; intent?: string };
  label: { sentiment: string; intent: string };
  actor: Actor;
  at: string;
}

const labelKey = (mentionId: string) => ({ pk: mentionKeys.item(mentionId).pk, sk: 'LABEL' });

/** The latest correction of a message wins. */
export async function saveLabel(store: Store, l: TriageLabel): Promise<void> {
  try {
    await store.ddb.send(
      new PutItemCommand({
        TableName: store.table,
        Item: marshall({ ...labelKey(l.mentionId), type: 'triage-label', gsi1pk: `LABELS#${l.brand}`, gsi1sk: `${l.at}#${l.mentionId}`, ...l }, { removeUndefinedValues: true }),
      }),
    );
  } catch (e) {
    throw storageDown(e);
  }
}

/** Erasure: the example goes with the author's words. */
export async function dropLabel(store: Store, mentionId: string): Promise<void> {
  try {
    await store.ddb.send(new DeleteItemCommand({ TableName: store.table, Key: marshall(labelKey(mentionId)) }));
  } catch (e) {
    throw storageDown(e);
  }
}
