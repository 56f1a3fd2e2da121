import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SesFeedback, suppressionReason } from '../../../shared/broadcast/mail/feedback.ts';
import { sesOutcome } from '../../../shared/broadcast/mail/ses.ts';
import { gsm7Length, isGsm7, updateSms } from '../../../shared/broadcast/sms-text.ts';
import type { IncidentUpdate } from '../../../shared/incidents/model.ts';
import { wantsUpdate } from '../../../shared/incidents/sms-policy.ts';
import { smsSend, snsSmsOutcome } from '../../../shared/incidents/sms.ts';

const fixture = (name: string) => JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/ses', name), 'utf8')) as Record<string, unknown>;

const update: IncidentUpdate = {
  id: 'u1',
  incidentId: 'lx2abc123def456',
  brand: 'demo',
  name: 'Inloggen in de app mislukt',
  kind: 'incident',
  status: 'investigating',
  impact: 'major',
  message: {
    nl: 'Sinds 09:12 kunnen veel klanten niet inloggen in de app. We onderzoeken de oorzaak en geven binnen een uur een update. Onze excuses voor het ongemak.',
    en: 'Since 09:12 many customers cannot sign in to the app. We are looking into it and will post an update within the hour.',
  },
  components: { app: 'major_outage' },
  previous: { app: 'operational' },
  at: '2026-11-30T09:15:00.000Z',
};
const publicUrl = 'https://status.example.nl';

describe('the SMS of an update', () => {
  it('fits one GSM-7 segment with brand, incident, status, the link and STOP, in the subscriber language', () => {
    for (const lang of ['nl', 'en'] as const) {
      const text = updateSms({ brand: { name: 'Demo' }, update, lang, publicUrl });
      expect(isGsm7(text)).toBe(true);
      expect(gsm7Length(text)).toBeLessThanOrEqual(160);
      expect(text).toContain('https://status.example.nl/status/demo/incidents/lx2abc123def456');
      expect(text.startsWith(`Demo: Inloggen in de app mislukt - ${lang === 'nl' ? 'Onderzoek' : 'Investigating'}. `)).toBe(true);
      expect(text.endsWith(lang === 'nl' ? ' STOP om te stoppen' : ' STOP to end')).toBe(true);
      // The message gives way, visibly.
      expect(text).toMatch(/\.\.\. https:/);
    }
  });

  it('replaces typography GSM-7 lacks, so an em dash or a Dutch ë does not cut the segment to 70', () => {
    const text = updateSms({ brand: { name: 'Demo' }, update: { ...update, name: 'Storing — geëscaleerd', message: { nl: '“Kort” bericht…', en: 'x' } }, lang: 'nl', publicUrl });
    expect(isGsm7(text)).toBe(true);
    expect(text).toContain('Storing - geescaleerd');
    expect(text).toContain('"Kort" bericht...');
  });

  it('falls back on one UCS-2 segment of 70 when the text needs it (an emoji), keeping the link whole', () => {
    const text = updateSms({ brand: { name: 'Demo' }, update: { ...update, name: 'App 📱 down', message: { nl: 'Lang bericht '.repeat(20), en: 'x' } }, lang: 'nl', publicUrl });
    expect(isGsm7(text)).toBe(false);
    expect(text).toContain('https://status.example.nl/status/demo/incidents/lx2abc123def456 STOP om te stoppen');
  });

  it('names with <, > and & stay as written (a text has no markup)', () => {
    const text = updateSms({ brand: { name: 'Bank & co' }, update: { ...update, name: '<app> & pay', message: { nl: 'Kort.', en: 'Short.' } }, lang: 'en', publicUrl });
    expect(text).toBe('Bank & co: <app> & pay - Investigating. Short. https://status.example.nl/status/demo/incidents/lx2abc123def456 STOP to end');
  });
});

describe('who gets an update', () => {
  it('only the impacts and components a subscriber chose', () => {
    expect(wantsUpdate({ impacts: ['major', 'critical'] }, { impact: 'minor', components: { app: 'x' } })).toBe(false);
    expect(wantsUpdate({ impacts: ['major', 'critical'] }, { impact: 'major', components: { app: 'x' } })).toBe(true);
    expect(wantsUpdate({ components: ['web'] }, { impact: 'major', components: { app: 'x' } })).toBe(false);
    expect(wantsUpdate({}, { impact: 'none', components: {} })).toBe(true);
  });
});

describe('SES bounce and complaint events', () => {
  it('a permanent bounce and a complaint suppress; a transient bounce and a delivery do not', () => {
    const bounce = SesFeedback.parse(fixture('bounce-permanent.json'));
    expect(suppressionReason(bounce)).toBe('bounce Permanent/General');
    expect(suppressionReason(SesFeedback.parse(fixture('complaint.json')))).toBe('complaint (abuse)');
    const transient = SesFeedback.parse({ ...bounce, bounce: { ...bounce.bounce, bounceType: 'Transient', bounceSubType: 'MailboxFull' } });
    expect(suppressionReason(transient)).toEqual({ ignore: 'transient bounce: SES retries it' });
    expect(suppressionReason(SesFeedback.parse({ eventType: 'Delivery', mail: bounce.mail }))).toEqual({ ignore: 'event Delivery changes nothing' });
    // SES identity notifications name it notificationType.
    expect(suppressionReason(SesFeedback.parse({ notificationType: 'Bounce', bounce: { bounceType: 'Permanent' }, mail: {} }))).toBe('bounce Permanent');
  });
});

describe('what a send error means', () => {
  const errorOf = (o: ReturnType<typeof snsSmsOutcome>) => (o.kind === 'sent' ? '' : o.error);
  const err = (name: string, httpStatusCode?: number, message = name) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
  it('SES: throttling and 5xx retry, a rejected message does not, no answer is uncertain', () => {
    expect(sesOutcome(err('TooManyRequestsException', 429)).kind).toBe('retry');
    expect(sesOutcome(err('SendingPausedException', 400)).kind).toBe('retry');
    expect(sesOutcome(err('InternalFailure', 500)).kind).toBe('retry');
    expect(sesOutcome(err('MessageRejected', 400))).toEqual({ kind: 'reject', status: 400, error: 'ses: MessageRejected (HTTP 400)' });
    expect(sesOutcome(err('TimeoutError')).kind).toBe('uncertain');
  });
  it('SNS SMS: an invalid or opted-out number is refused for good, throttling retries', () => {
    expect(snsSmsOutcome(err('InvalidParameterException', 400, 'Invalid parameter: PhoneNumber Reason: +31600000000 is not valid')).kind).toBe('reject');
    expect(errorOf(snsSmsOutcome(err('OptedOutException', 400)))).toMatch(/opted out/);
    expect(snsSmsOutcome(err('ThrottledException', 400)).kind).toBe('retry');
    expect(snsSmsOutcome(err('InternalErrorException', 500)).kind).toBe('retry');
    // The error names the exception, never the number SNS echoed.
    expect(errorOf(snsSmsOutcome(err('InvalidParameterException', 400, 'Invalid parameter: PhoneNumber Reason: +31600000000 is not valid')))).not.toMatch(/316/);
  });
});

describe('texting a number through SNS', () => {
  /** SNS's answers for one number; aws-sdk-client-mock-style stand-in: SNS SMS has no emulator here. */
  const snsAnswering = (optedOut: boolean, publish: () => unknown = () => ({ MessageId: 'm-1' })) => {
    const calls: string[] = [];
    const client = {
      send: async (cmd: { constructor: { name: string } }) => {
        calls.push(cmd.constructor.name);
        return cmd.constructor.name === 'CheckIfPhoneNumberIsOptedOutCommand' ? { isOptedOut: optedOut } : publish();
      },
    };
    return { client: client as unknown as Parameters<typeof smsSend>[0], calls };
  };

  it('publishes to the number itself after checking it has not opted out', async () => {
    const sns = snsAnswering(false);
    expect(await smsSend(sns.client)('+31612345678', 'hi')).toEqual({ kind: 'sent', status: 200, remoteId: 'm-1' });
    expect(sns.calls).toEqual(['CheckIfPhoneNumberIsOptedOutCommand', 'PublishCommand']);
  });

  it('refuses a number that answered STOP, without publishing (the caller suppresses it)', async () => {
    const sns = snsAnswering(true);
    expect(await smsSend(sns.client)('+31612345678', 'hi')).toEqual({ kind: 'reject', error: 'sns: the number opted out (STOP)' });
    expect(sns.calls).toEqual(['CheckIfPhoneNumberIsOptedOutCommand']);
  });

  it('classifies a Publish error', async () => {
    const sns = snsAnswering(false, () => {
      throw Object.assign(new Error('Invalid parameter: PhoneNumber'), { name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } });
    });
    expect((await smsSend(sns.client)('+31612345678', 'hi')).kind).toBe('reject');
  });
});
