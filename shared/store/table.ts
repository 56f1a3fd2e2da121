/**
 * The single wecare table. Every item has `pk`/`sk`; the GSIs are sparse and generic so new
 * entities reuse them. Each entity's module declares its keys and is the only code that writes
 * them; the rest of wecare calls its verbs. Access patterns (who reads what):
 *
 * | pattern                                     | key                                                                  | module               |
 * |---------------------------------------------|----------------------------------------------------------------------|----------------------|
 * | mention by platform + external id           | pk = `MENTION#<id>`, sk = `MENTION` (id derives from both)           | mentions.ts          |
 * | mentions of a brand by time (API, metrics)  | gsi6: gsi6pk = `BRAND#<brand>#<shard of 16>`, gsi6sk = `<createdAt>#<id>` (keys + a few fields) | mention-reads.ts, brand-mentions.ts |
 * | mentions in a conversation                  | gsi2: gsi2pk = `CONV#<conversationId>`, gsi2sk = createdAt           | mention-reads.ts     |
 * | mentions of an author (cases, erasure)      | gsi3: gsi3pk = `AUTHOR#<platform>#<authorId>`, gsi3sk = createdAt    | mention-reads.ts     |
 * | case (the unit of work), its events, notes  | pk = `CASE#<caseId>`, sk = `CASE` / `EVENT#<at>#<id>` / `NOTE#<at>#<id>` | cases.ts, case-events.ts |
 * | a brand's cases by state, most urgent first | gsi4: gsi4pk = `CASES#<brand>#<state>#<shard of 16>`, gsi4sk = `<due or ~updatedAt>#<priority>#<id>` | cases.ts, case-queue.ts |
 * | saved replies of a brand                    | pk = `SAVED#<brand>`, sk = `REPLY#<id>`                              | saved-replies.ts     |
 * | triage corrections (labelled examples)      | pk = `LABEL#<brand>#<yyyy-mm>`, sk = `<at>#<mentionId>`              | triage-labels.ts     |
 * | platform change parked before its mention   | pk = `MENTION#<id>`, sk = `CHANGE#<eventId>` (ttl)                   | parked-changes.ts    |
 * | due work (follow-ups, outbox retries/leases)| gsi5: gsi5pk = `DUE#<shard of 16>`, gsi5sk = `<dueAt>#<id>` (sparse)       | due-index.ts         |
 * | waiting for the stream (rescue)             | gsi5: gsi5pk = `RESCUE#<shard>`, gsi5sk = `<arrivedAt>#<id>` (sparse)| due-index.ts         |
 * | outbox intent (reply, thank-you, post)      | pk = `OUTBOX#<intentId>`, sk = `OUTBOX`                              | outbox.ts            |
 * | a brand's intents by time                   | gsi1: gsi1pk = `OUTBOX#<brand>`, gsi1sk = `<createdAt>#<id>`         | outbox.ts            |
 * | follow-up of a case                         | pk = `FOLLOWUP#<caseId>`, sk = `FOLLOWUP`                            | follow-ups.ts        |
 * | a brand's follow-ups by time                | gsi1: gsi1pk = `FOLLOWUPS#<brand>`, gsi1sk = `<scheduledAt>#<id>`    | follow-ups.ts        |
 * | thank-you cool-down of an author            | pk = `AUTHOR-THANKED#<brand>#<platform>#<authorId>`, sk = `THANKED` (ttl) | thank-you-guards.ts |
 * | thank-you hourly cap of a brand             | pk = `THANKS-HOUR#<brand>#<hour>`, sk = `COUNTER` (ttl)              | thank-you-guards.ts  |
 * | first mention of a text per platform        | pk = `SAMETEXT#<brand>#<text hash>`, sk = `SAMETEXT` (ttl)           | same-text.ts         |
 * | how far a stream consumer has got           | pk = `WATERMARK#<consumer>`, sk = `WATERMARK`                        | watermark.ts         |
 * | erased-author tombstone                     | pk = `ERASED#<keyed hash>`, sk = `BRAND#<brand>` / `BRAND#*`         | tombstones.ts        |
 * | record of an erasure                        | pk = `ERASURE#<at>#<keyed hash prefix>`, sk = `ERASURE`              | erasures.ts          |
 * | incident, its updates, its deliveries       | pk = `INCIDENT#<id>`, sk = `INCIDENT` / `UPDATE#<at>#<id>` / `DELIVERY#…` | incidents.ts, deliveries.ts |
 * | authors an incident hit                     | pk = `INCIDENT#<id>`, sk = `AFFECTED#<platform>#<authorId>`          | incident-mentions.ts |
 * | brand's incidents by time                   | gsi1: gsi1pk = `INCIDENTS#<brand>`, gsi1sk = createdAt               | incidents.ts         |
 * | status subscribers of a brand               | pk = `SUBSCRIBERS#<brand>`, sk = `SUB#<id>`                          | subscribers.ts       |
 * | API token for integrations (hash only)   | pk = `APITOKEN#<id>`, sk = `APITOKEN`; gsi1: gsi1pk = `APITOKENS`, gsi1sk = `<createdAt>#<id>` | api-tokens.ts |
 * | rate-limit window                           | pk = `RATE#<what>#<hash>#<window>`, sk = `RATE` (ttl)                | rate-limit.ts        |
 * | console session (the cookie's id hashed)    | pk = `SESSION#<sha256(id)>`, sk = `SESSION` (ttl; tokens sealed by the id) | sessions.ts     |
 * | audit events of a brand by time (month)     | pk = `AUDIT#<brand>#<yyyy-mm>`, sk = `<at>#<eventId>` (ttl ≥ 400 days) | audit.ts           |
 * | complaints naming a component (ids, a day)  | pk = `COMPLAINTS#<brand>#<component>`, sk = `<createdAt>#<mentionId>` (ttl) | incident-drafts.ts |
 * | draft incident proposed from complaints     | pk = `DRAFT#<id>`, sk = `DRAFT` (ttl 30 days); gsi1: gsi1pk = `DRAFTS#<brand>`, gsi1sk = `<proposedAt>#<id>` | incident-drafts.ts |
 * | one open draft per brand + component        | pk = `DRAFT-LOCK#<brand>#<component>`, sk = `LOCK` (`until`, ttl)     | incident-drafts.ts   |
 *
 * Items that expire (idempotency markers, rate-limit counters) carry `ttl` (epoch seconds).
 * Every Query pages through query.ts; a stream record's images are decoded by stream-records.ts.
 */
export const TABLE_ENV = 'TABLE_NAME';
export const DEFAULT_TABLE = 'wecare';

export const GSIS = ['gsi1', 'gsi2', 'gsi3', 'gsi4', 'gsi5', 'gsi6'] as const;
export type Gsi = (typeof GSIS)[number];

/**
 * What each index copies of an item. An index that copies everything is written again on every
 * update of its items; the two that every mention passes through carry only what their readers
 * need, so triage and the later writes of a mention never touch them (scale: ARCHITECTURE.md).
 */
export const PROJECTIONS: Record<Gsi, { type: 'ALL' } | { type: 'INCLUDE'; attributes: string[] }> = {
  gsi1: { type: 'ALL' },
  /**
   * A conversation's messages, by id only: with everything projected each of a mention's three
   * writes rewrote it, so one busy thread (a viral post's comments) took three write units a
   * message on one key. Readers fetch the items by BatchGet.
   */
  gsi2: { type: 'INCLUDE', attributes: ['id'] },
  gsi3: { type: 'ALL' },
  gsi4: { type: 'ALL' },
  /** The due index: the sweep reads the kind and the id, then the item. */
  gsi5: { type: 'INCLUDE', attributes: ['type', 'id'] },
  /** The sharded brand timeline of mentions: what counts and conversation lists need, the rest by id. */
  gsi6: { type: 'INCLUDE', attributes: ['id', 'platform', 'conversationId', 'fromBrand'] },
};

/** The table definition shared by the local runtime, the tests and the CDK stack (infra/constructs/mention-table.ts). */
export function tableDefinition(tableName: string) {
  const attr = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [attr('pk'), attr('sk'), ...GSIS.flatMap((g) => [attr(`${g}pk`), attr(`${g}sk`)])],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' as const },
      { AttributeName: 'sk', KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: GSIS.map((g) => {
      const p = PROJECTIONS[g];
      return {
        IndexName: g,
        KeySchema: [
          { AttributeName: `${g}pk`, KeyType: 'HASH' as const },
          { AttributeName: `${g}sk`, KeyType: 'RANGE' as const },
        ],
        Projection: p.type === 'ALL' ? { ProjectionType: 'ALL' as const } : { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: p.attributes },
      };
    }),
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' as const },
  };
}
