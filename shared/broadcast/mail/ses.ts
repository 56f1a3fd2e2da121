import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { Outcome } from '../../platforms/http.ts';
import { buildMime, type MailMessage } from './mime.ts';

/**
 * Sends one raw message through SES v2 (SendEmail with Content.Raw, so the headers are ours).
 * `configurationSet` routes bounce and complaint events to the topic that suppresses the address
 * (infra: the configuration set's event destination); `tags` come back in those events, so the
 * handler finds the subscriber without looking the address up.
 */
export interface MailSender {
  ses: SESv2Client;
  /** MAIL_FROM: the verified identity's address, and the name shown (the brand's, per mail). */
  fromAddress: string;
  configurationSet?: string;
}

export async function sendMail(sender: MailSender, message: Omit<MailMessage, 'from'> & { fromName: string }, tags: Record<string, string> = {}): Promise<Outcome> {
  const raw = buildMime({ ...message, from: { name: message.fromName, address: sender.fromAddress } });
  try {
    const out = await sender.ses.send(
      new SendEmailCommand({
        FromEmailAddress: sender.fromAddress,
        Destination: { ToAddresses: [message.to] },
        Content: { Raw: { Data: Buffer.from(raw, 'utf8') } },
        ConfigurationSetName: sender.configurationSet,
        EmailTags: Object.entries(tags).map(([Name, Value]) => ({ Name, Value: tagValue(Value) })),
      }),
    );
    return { kind: 'sent', status: 200, remoteId: out.MessageId };
  } catch (e) {
    return sesOutcome(e);
  }
}

/** SES tag values allow [A-Za-z0-9_-.@]; ids are base64url, but nothing else may slip in. */
const tagValue = (v: string) => v.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 256);

/**
 * What an SES error means for the delivery. Throttling, a paused account and 5xx never sent the
 * mail: worth another attempt. MessageRejected, a bad request or a missing identity will fail the
 * same way again. No answer at all (a timeout, a reset) may have sent it: SendEmail is not
 * idempotent, so that is `uncertain`, and the caller does not send twice.
 */
export function sesOutcome(e: unknown): Outcome {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = err.$metadata?.httpStatusCode;
  const error = `ses: ${err.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}`;
  if (['TooManyRequestsException', 'LimitExceededException', 'SendingPausedException', 'ThrottlingException'].includes(err.name ?? '')) return { kind: 'retry', status, error };
  if (status === undefined) return { kind: 'uncertain', error };
  if (status === 429 || status >= 500) return { kind: 'retry', status, error };
  return { kind: 'reject', status, error };
}

/** SES v2, to the service itself without an endpoint, to the emulator (aws-ses-v2-local) with one (SES_ENDPOINT). */
export function createSes(endpoint?: string, access: { region: string; credentials: { accessKeyId: string; secretAccessKey: string } } = EMULATOR): SESv2Client {
  return new SESv2Client(endpoint ? { endpoint, region: access.region, credentials: access.credentials } : {});
}
const EMULATOR = { region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
