import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { type Gsi, GSIS, PROJECTIONS, tableDefinition } from '../../shared/store/table.ts';

function projectionOf(gsi: Gsi): { projectionType: dynamodb.ProjectionType; nonKeyAttributes?: string[] } {
  const p = PROJECTIONS[gsi];
  return p.type === 'ALL' ? { projectionType: dynamodb.ProjectionType.ALL } : { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: p.attributes };
}

/**
 * The single wecare table, built from the same definition the local runtime creates in DynamoDB
 * Local (shared/store/table.ts), so keys, GSIs and stream view cannot differ between the two.
 */
export class MentionTable extends Construct {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const def = tableDefinition('unused');
    const key = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    const keyOf = (schema: Array<{ AttributeName: string; KeyType: string }>, type: string) =>
      schema.find((k) => k.KeyType === type)!.AttributeName;
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: key(keyOf(def.KeySchema, 'HASH')),
      sortKey: key(keyOf(def.KeySchema, 'RANGE')),
      billing: dynamodb.Billing.onDemand(),
      globalSecondaryIndexes: def.GlobalSecondaryIndexes.map((gsi) => ({
        indexName: gsi.IndexName,
        partitionKey: key(keyOf(gsi.KeySchema, 'HASH')),
        sortKey: key(keyOf(gsi.KeySchema, 'RANGE')),
        ...projectionOf(gsi.IndexName as Gsi),
      })),
      dynamoStream: dynamodb.StreamViewType[def.StreamSpecification.StreamViewType],
      // Idempotency markers and rate-limit counters expire by themselves.
      timeToLiveAttribute: 'ttl',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (def.GlobalSecondaryIndexes.length !== GSIS.length) throw new Error('table definition and GSIS disagree');
  }
}
