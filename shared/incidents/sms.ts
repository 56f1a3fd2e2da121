import { CheckIfPhoneNumberIsOptedOutCommand, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { WecareError } from '../errors.ts';
import { json, type Outcome, send } from '../platforms/http.ts';

/** Texts one number and says how it went, in the terms a delivery record needs. */
export type SmsSend = (phone: string, text: string) => Promise<Outcome>;

/**
 * Texts a phone. In AWS through SNS (Publish to the phone number, never a topic subscription); when
 * `url` is given (SMS_API_URL: local mode points it at the recording sink) as a plain POST there,
 * so a newcomer sees every text.
 */
export function smsSend(sns: SNSClient, url?: string): SmsSend {
  return async (phone, text) => {
    if (url) return send(globalThis.fetch, { url, ...json({ to: phone, text }) });
    try {
      // A number that answered STOP is on SNS's opt-out list: SNS would accept the Publish and drop
      // the text, so ask first and let the caller suppress the subscriber.
      const optOut = await sns.send(new CheckIfPhoneNumberIsOptedOutCommand({ phoneNumber: phone }));
      if (optOut.isOptedOut) return { kind: 'reject', error: 'sns: the number opted out (STOP)' };
      const out = await sns.send(
        new PublishCommand({ PhoneNumber: phone, Message: text, MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } } }),
      );
      return { kind: 'sent', status: 200, remoteId: out.MessageId };
    } catch (e) {
      return snsSmsOutcome(e);
    }
  };
}

/**
 * An SNS error on Publish to a number. A number SNS refuses (InvalidParameter: not a mobile number,
 * an unsupported country; an opted-out number) will be refused again: `reject`, and the caller
 * suppresses it. Throttling and 5xx never sent: `retry`. No answer may have sent it: `uncertain`.
 */
export function snsSmsOutcome(e: unknown): Outcome {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = err.$metadata?.httpStatusCode;
  const error = `sns: ${err.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}`;
  if (/opted.?out/i.test(`${err.name} ${err.message}`)) return { kind: 'reject', status, error: `${error}: opted out` };
  if (['ThrottledException', 'ThrottlingException', 'InternalErrorException', 'KMSThrottlingException'].includes(err.name ?? '')) return { kind: 'retry', status, error };
  if (status === undefined) return { kind: 'uncertain', error };
  if (status === 429 || status >= 500) return { kind: 'retry', status, error };
  return { kind: 'reject', status, error };
}

/** The opt-in text at subscribe time: it must go out, or the request fails (503) and may be retried. */
export function smsSender(sns: SNSClient, url?: string) {
  const text = smsSend(sns, url);
  return async (phone: string, message: string): Promise<void> => {
    const outcome = await text(phone, message);
    if (outcome.kind !== 'sent') throw new WecareError('unavailable', `sms: could not text the opt-in, retry later (${outcome.error})`);
  };
}
