import type { SNSClient } from '@aws-sdk/client-sns';
import { StatusUpdateEvent } from '../bus/events.ts';
import { type Attributes, publish } from '../bus/publish.ts';
import type { Incident, IncidentUpdate } from './model.ts';

/**
 * The status-updates event (its schema and type: shared/bus/events.ts), published once per stored
 * update. Channels subscribe through their own SQS queue with a filter policy on the attributes
 * below (see queues.ts), so the body can stay the full update: every channel renders from it.
 */
export { StatusUpdateEvent };

/** Attribute names and values (contract with every channel filter policy). */
export function statusUpdateAttributes(update: IncidentUpdate): Attributes {
  return {
    brand: update.brand,
    impact: update.impact,
    components: Object.keys(update.components).sort(),
    kind: update.kind,
  };
}

export async function publishStatusUpdate(sns: SNSClient, topicArn: string, incident: Incident, update: IncidentUpdate): Promise<string> {
  const event: StatusUpdateEvent = { type: 'status.update', incident, update };
  return publish(sns, topicArn, event, statusUpdateAttributes(update));
}
