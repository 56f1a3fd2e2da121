import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { WecareError } from '../errors.ts';

/**
 * Texts a phone. In AWS through SNS (Publish to a phone number); when `url` is given (SMS_API_URL:
 * local mode points it at the recording sink) as a plain POST there, so a newcomer sees the opt-in text.
 */
export function smsSender(sns: SNSClient, url?: string) {
  return async (phone: string, text: string): Promise<void> => {
    try {
      if (url) {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to: phone, text }) });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
      } else {
        await sns.send(new PublishCommand({ PhoneNumber: phone, Message: text, MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } } }));
      }
    } catch (e) {
      throw new WecareError('unavailable', `sms: could not text the opt-in, retry later (${(e as Error).message})`);
    }
  };
}
