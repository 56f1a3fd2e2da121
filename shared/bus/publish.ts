import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { WecareError } from '../errors.ts';

export type Attributes = Record<string, string | number | string[] | undefined>;

/**
 * Publishes one event with message attributes for filter policies. Arrays become String.Array
 * (e.g. components), numbers Number; undefined attributes are left out.
 */
export async function publish(sns: SNSClient, topicArn: string, message: unknown, attributes: Attributes): Promise<string> {
  const MessageAttributes: Record<string, { DataType: string; StringValue: string }> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) MessageAttributes[key] = { DataType: 'String.Array', StringValue: JSON.stringify(value) };
    else if (typeof value === 'number') MessageAttributes[key] = { DataType: 'Number', StringValue: String(value) };
    else MessageAttributes[key] = { DataType: 'String', StringValue: value };
  }
  try {
    const out = await sns.send(new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify(message), MessageAttributes }));
    return out.MessageId ?? '';
  } catch (e) {
    throw new WecareError('unavailable', `publishing to ${topicArn.split(':').pop()} failed (${(e as Error).name})`);
  }
}
