import type { Brand } from '../config/brand.ts';
import { WecareError } from '../errors.ts';
import type { Subscriber } from '../incidents/subscribers.ts';
import type { SubscriptionDeps } from '../incidents/subscriptions.ts';
import { renderOptInMail } from './mail/opt-in-mail.tsx';
import { type MailSender, sendMail } from './mail/ses.ts';
import { isMailLang, type MailLang, mailWords } from './mail/words.ts';
import { toGsm7 } from './sms-text.ts';

/**
 * The double opt-in message, in the subscriber's language: a mail with the confirm link (SES), or a
 * text with the confirm and stop links. Nothing else is sent to the address until the link's page
 * POSTs back (functions/api/routes/subscribe.ts).
 */
export async function sendOptIn(deps: SubscriptionDeps & { mail?: MailSender }, brand: Brand, s: Subscriber, tokens: { confirm?: string; unsubscribe: string }, now: Date): Promise<void> {
  const lang: MailLang = s.language && isMailLang(s.language) ? s.language : 'en';
  const link = (path: string, token = '') => `${deps.publicUrl}/status/${brand.id}/${path}?token=${encodeURIComponent(token)}`;
  if (s.type === 'email') {
    if (!deps.mail) throw new WecareError('unavailable', 'email: no mail sender is configured (MAIL_FROM)');
    const mail = renderOptInMail({ brandName: brand.name, lang, confirmUrl: link('subscribe/confirm', tokens.confirm) });
    const outcome = await sendMail(deps.mail, { ...mail, to: s.address, fromName: brand.name, language: lang, date: now }, { brand: brand.id, subscriber: s.id });
    if (outcome.kind !== 'sent') throw new WecareError('unavailable', `email: the opt-in mail could not be sent, retry later (${outcome.error})`);
    return;
  }
  if (s.type !== 'phone') return;
  if (!deps.sendSms) throw new WecareError('unavailable', 'phone: no SMS sender is configured');
  const w = mailWords(lang);
  await deps.sendSms(s.address, toGsm7(`${w.smsOptIn(brand.name)}: ${link('subscribe/confirm', tokens.confirm)} - ${w.unsubscribe}: ${link('unsubscribe', tokens.unsubscribe)}`));
}
