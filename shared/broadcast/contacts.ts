import type { Brand } from '../config/brand.ts';
import type { StatusUpdateEvent } from '../incidents/event.ts';
import { SUBSCRIBERS_CHANNEL } from '../incidents/queues.ts';
import { wantsUpdate } from '../incidents/sms-policy.ts';
import { linkToken, type Subscriber } from '../incidents/subscribers.ts';
import type { SmsSend } from '../incidents/sms.ts';
import type { Outcome } from '../platforms/http.ts';
import { pool } from '../pool.ts';
import type { Store } from '../store/client.ts';
import * as subscribers from '../store/subscribers.ts';
import { type Attempt, deliverOnce, type Result } from './deliver-once.ts';
import { type MailSender, sendMail } from './mail/ses.ts';
import { renderUpdateMail } from './mail/update-mail.tsx';
import { isMailLang, type MailLang } from './mail/words.ts';
import { updateSms } from './sms-text.ts';

/** How a broadcast reaches people: SES for e-mail, SNS Publish (or the local sink) for texts. */
export interface ContactSenders {
  mail?: MailSender;
  sms?: SmsSend;
  /** Parallel sends per message. */
  concurrency?: number;
}

interface Deps extends ContactSenders {
  store: Store;
  now: () => Date;
  env: { publicUrl: string };
}

/**
 * An update to every active e-mail and phone subscriber of the brand that wants it (its components,
 * its impacts), in its own language. Each send is claimed first (deliveries.claim), so a second
 * receiver of the message, or a retry after a throttled batch, mails nobody twice; a mail or text
 * whose outcome is unknown is not sent again. An undeliverable number is suppressed at once.
 */
export async function deliverToContacts(deps: Deps, brand: Brand, event: StatusUpdateEvent, attempt: Attempt): Promise<Result[]> {
  const contacts = (await subscribers.activeContacts(deps.store, brand.id)).filter((s) => wantsUpdate(s, event.update));
  const base = { incidentId: event.update.incidentId, updateId: event.update.id, channel: SUBSCRIBERS_CHANNEL };
  const results: Result[] = [];
  await pool(contacts, deps.concurrency ?? 50, async (s) => {
    const suppressed = { now: false };
    const r = await deliverOnce(deps, { ...base, subscriber: s.id }, s.id, () => sendTo(deps, brand, event, s, suppressed), attempt, false);
    // Recorded `failed`, but handled: the number is suppressed, so the message need not come back or alarm.
    results.push(suppressed.now ? { state: 'skipped' } : r);
  });
  return results;
}

const langOf = (s: Subscriber, brand: Brand): MailLang => [s.language, ...brand.languages].find((l): l is MailLang => !!l && isMailLang(l)) ?? 'en';

async function sendTo(deps: Deps, brand: Brand, event: StatusUpdateEvent, s: Subscriber, suppressed: { now: boolean }): Promise<Outcome> {
  const lang = langOf(s, brand);
  const publicUrl = deps.env.publicUrl.replace(/\/$/, '');
  if (s.type === 'phone') {
    if (!deps.sms) return { kind: 'reject', error: 'no SMS sender is configured' };
    const outcome = await deps.sms(s.address, updateSms({ brand, update: event.update, lang, publicUrl }));
    // SNS refused the number (invalid, opted out): texting it again cannot work and may cost.
    if (outcome.kind === 'reject') suppressed.now = await subscribers.suppress(deps.store, brand.id, s.id, `sms: ${outcome.error}`, deps.now());
    return outcome;
  }
  if (!deps.mail) return { kind: 'reject', error: 'no mail sender is configured (MAIL_FROM)' };
  const token = encodeURIComponent(linkToken(brand.id, s.id));
  const links = { unsubscribe: `${publicUrl}/status/${brand.id}/unsubscribe?token=${token}`, manage: `${publicUrl}/status/${brand.id}/subscribe/manage?token=${token}` };
  const mail = renderUpdateMail({ brand, incident: event.incident, update: event.update, lang, publicUrl, links });
  return sendMail(deps.mail, { ...mail, to: s.address, fromName: brand.name, language: lang, date: deps.now(), unsubscribeUrl: links.unsubscribe }, { brand: brand.id, subscriber: s.id });
}
