import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
// The use case, not the handler: no env to set, no clients built at import.
import { wantsTriage } from '../../../shared/triage/triage-mention.ts';

const image = (over: Record<string, unknown> = {}) => ({ type: { S: 'mention' }, status: { S: 'new' }, ...over });
const record = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', NewImage?: object, OldImage?: object) =>
  ({ eventName, dynamodb: { NewImage, OldImage } }) as unknown as DynamoDBRecord;

describe('which stream records triage acts on', () => {
  it('INSERT of a new customer mention', () => expect(wantsTriage(record('INSERT', image()))).toBe(true));
  it('not brand echoes, not other item types, not triaged ones, not removals', () => {
    expect(wantsTriage(record('INSERT', image({ fromBrand: { BOOL: true }, status: { S: 'brand' } })))).toBe(false);
    expect(wantsTriage(record('INSERT', image({ type: { S: 'incident' } })))).toBe(false);
    expect(wantsTriage(record('MODIFY', image({ status: { S: 'open' } }), image()))).toBe(false);
    expect(wantsTriage(record('REMOVE', undefined, image()))).toBe(false);
  });
  it('waits for pending text, then acts on the MODIFY that delivers it', () => {
    expect(wantsTriage(record('INSERT', image({ textPending: { BOOL: true } })))).toBe(false);
    expect(wantsTriage(record('MODIFY', image({ textPending: { BOOL: false } }), image({ textPending: { BOOL: true } })))).toBe(true);
    expect(wantsTriage(record('MODIFY', image(), image()))).toBe(false);
  });
});
