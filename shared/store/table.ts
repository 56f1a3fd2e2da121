/**
 * The single wecare table. Every item has `pk`/`sk`; the GSIs are sparse and generic so new
 * entities reuse them. Access patterns (who reads what):
 *
 * | pattern                                  | key                                                        |
 * |------------------------------------------|------------------------------------------------------------|
 * | mention by platform + external id        | pk = `MENTION#<id>`, sk = `MENTION`  (id derives from both) |
 * | mentions of a brand by time (API list)   | gsi1: gsi1pk = `BRAND#<brand>`, gsi1sk = `<createdAt>#<id>` |
 * | mentions in a conversation               | gsi2: gsi2pk = `CONV#<conversationId>`, gsi2sk = createdAt  |
 * | mentions of an author (repeat contacts)  | gsi3: gsi3pk = `AUTHOR#<platform>#<authorId>`, gsi3sk = createdAt |
 * | open mentions of a brand by SLA due time | gsi4: gsi4pk = `STATUS#<brand>#<status>`, gsi4sk = slaDueAt |
 * | due work (follow-ups) by due time        | gsi5: gsi5pk = `DUE#<shard>`, gsi5sk = `<dueAt>#<id>` (sparse) |
 * | waiting for the stream (rescue)          | gsi5: gsi5pk = `RESCUE#<shard>`, gsi5sk = `<arrivedAt>#<id>` (sparse) |
 * | incident, its updates, its deliveries    | pk = `INCIDENT#<id>`, sk = `INCIDENT` / `UPDATE#<at>#<id>` / `DELIVERY#…` |
 * | brand's incidents by time                | gsi1: gsi1pk = `INCIDENTS#<brand>`, gsi1sk = createdAt     |
 * | outbox intent (reply, thank-you, post)   | pk = `OUTBOX#<intentId>`, sk = `OUTBOX`                    |
 * | first mention of a text per platform     | pk = `SAMETEXT#<brand>#<text hash>`, sk = `SAMETEXT` (ttl)  |
 *
 * Items that expire (idempotency markers, rate-limit counters) carry `ttl` (epoch seconds).
 */
export const TABLE_ENV = 'TABLE_NAME';
export const DEFAULT_TABLE = 'wecare';

export const GSIS = ['gsi1', 'gsi2', 'gsi3', 'gsi4', 'gsi5'] as const;
export type Gsi = (typeof GSIS)[number];

/** E-mail addresses are matched case-insensitively (Jan@Example.com is jan@example.com); other ids as given. */
export const normalizeAuthorId = (id: string) => (id.length <= 320 && /^[^@\s]+@[^@\s]+$/.test(id) ? id.toLowerCase() : id);

export const keys = {
  mention: (id: string) => ({ pk: `MENTION#${id}`, sk: 'MENTION' }),
  brandTimeline: (brand: string) => `BRAND#${brand}`,
  conversation: (conversationId: string) => `CONV#${conversationId}`,
  author: (platform: string, authorId: string) => `AUTHOR#${platform}#${normalizeAuthorId(authorId)}`,
  statusQueue: (brand: string, status: string) => `STATUS#${brand}#${status}`,
  due: (shard: number) => `DUE#${shard}`,
  /** Mentions and parked changes waiting for the stream consumers, by when they arrived. */
  rescue: (shard: number) => `RESCUE#${shard}`,
  sameText: (brand: string, fingerprint: string) => ({ pk: `SAMETEXT#${brand}#${fingerprint}`, sk: 'SAMETEXT' }),
};

/** The table definition shared by the local runtime, the tests and (in spirit) the CDK stack. */
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
    GlobalSecondaryIndexes: GSIS.map((g) => ({
      IndexName: g,
      KeySchema: [
        { AttributeName: `${g}pk`, KeyType: 'HASH' as const },
        { AttributeName: `${g}sk`, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' as const },
  };
}
