import type { Mention } from '../mention.ts';
import type { Item } from './client.ts';
import { fromItem } from './mentions.ts';

/**
 * The table's stream, read back: a record carries the item's images in DynamoDB's attribute
 * encoding, which only the store decodes. Structural, so both the Lambda event type and local
 * mode's poller records fit.
 */
export interface StreamRecord {
  eventName?: string;
  dynamodb?: { NewImage?: object; OldImage?: object; SequenceNumber?: string };
}

export interface MentionRecord {
  event: 'INSERT' | 'MODIFY';
  /** The mention as the write left it (the new image). */
  mention: Mention;
  /** The mention before the write (MODIFY only). */
  previous?: Mention;
  /** The rescue sweep touched it (`rescuedAt` moved): an earlier record of it was skipped. */
  nudged: boolean;
}

/** The mention a stream record wrote, decoded; undefined for another item type or a removal. */
export function decodeMentionRecord(record: StreamRecord): MentionRecord | undefined {
  const image = record.dynamodb?.NewImage as Item | undefined;
  const old = record.dynamodb?.OldImage as Item | undefined;
  if (!image || image.type?.S !== 'mention') return undefined;
  if (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') return undefined;
  const rescuedAt = image.rescuedAt?.S;
  return {
    event: record.eventName,
    mention: fromItem(image),
    previous: old ? fromItem(old) : undefined,
    nudged: rescuedAt !== undefined && rescuedAt !== old?.rescuedAt?.S,
  };
}
