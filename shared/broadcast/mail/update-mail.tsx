import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { Brand } from '../../config/brand.ts';
import type { Incident, IncidentUpdate } from '../../incidents/model.ts';
import { incidentUrl, label } from '../text.ts';
import { type MailLang, mailWords } from './words.ts';

/**
 * The e-mail a status subscriber gets for an incident update or a maintenance notice, written for
 * a person: brand, incident name, status, the message in their language, the components, the
 * incident's page, and how to manage or stop. hono/jsx escapes every text it renders, so a name
 * like `<app> & co` arrives as text, never as markup.
 */
export interface UpdateMailInput {
  brand: Brand;
  incident: Pick<Incident, 'scheduledFor' | 'scheduledUntil' | 'kind'>;
  update: IncidentUpdate;
  lang: MailLang;
  publicUrl: string;
  links: SubscriberLinks;
}

/** Per subscriber: where to stop and where to choose components and language. */
export interface SubscriberLinks {
  unsubscribe: string;
  manage: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const componentName = (brand: Brand, id: string) => brand.components.find((c) => c.id === id)?.name ?? id;

/** A maintenance window in the brand's own time zone, as people there read a date. */
function windowOf(incident: UpdateMailInput['incident'], brand: Brand, lang: MailLang): string | undefined {
  if (!incident.scheduledFor) return undefined;
  const fmt = new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: brand.timezone, timeZoneName: 'short' });
  const from = fmt.format(new Date(incident.scheduledFor));
  return incident.scheduledUntil ? `${from} – ${fmt.format(new Date(incident.scheduledUntil))}` : from;
}

export function renderUpdateMail(input: UpdateMailInput): RenderedMail {
  const { brand, update, lang } = input;
  const w = mailWords(lang);
  const status = label(lang, update.status);
  const message = update.message[lang];
  const components = Object.entries(update.components).map(([id, s]) => ({ name: componentName(brand, id), state: label(lang, s) }));
  const link = incidentUrl(input.publicUrl, update);
  const scheduled = windowOf(input.incident, brand, lang);
  const view = input.incident.kind === 'maintenance' ? w.viewMaintenance : w.view;
  const subject = `${brand.name}: ${update.name} (${status})`;
  const text = [
    `${update.name}`,
    `${w.status}: ${status}`,
    ...(scheduled ? [`${w.window}: ${scheduled}`] : []),
    '',
    message,
    ...(components.length ? ['', `${w.components}:`, ...components.map((c) => `- ${c.name}: ${c.state}`)] : []),
    '',
    `${view}: ${link}`,
    '',
    '-- ',
    w.why(brand.name),
    `${w.manage}: ${input.links.manage}`,
    `${w.unsubscribe}: ${input.links.unsubscribe}`,
    '',
  ].join('\n');
  const html = page(
    lang,
    subject,
    <>
      <p style="margin:0 0 4px;color:#555;font-size:14px">{brand.name}</p>
      <h1 style="margin:0 0 8px;font-size:22px">{update.name}</h1>
      <p style="margin:0 0 16px">
        <strong>{w.status}:</strong> {status}
        {scheduled ? (
          <>
            <br />
            <strong>{w.window}:</strong> {scheduled}
          </>
        ) : null}
      </p>
      {message.split(/\n{2,}/).map((para) => (
        <p style="margin:0 0 12px;white-space:pre-line">{para}</p>
      ))}
      {components.length ? (
        <>
          <h2 style="margin:16px 0 8px;font-size:16px">{w.components}</h2>
          <ul style="margin:0 0 16px;padding-left:20px">
            {components.map((c) => (
              <li>
                {c.name}: {c.state}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p style="margin:16px 0">
        <a href={link} style="color:#0b57d0">
          {view}
        </a>
      </p>
      {footer(w.why(brand.name), input.links, w)}
    </>,
  );
  return { subject, text, html };
}

export function footer(why: string, links: SubscriberLinks, w: { manage: string; unsubscribe: string }): Child {
  return (
    <p style="margin:24px 0 0;padding-top:12px;border-top:1px solid #ddd;color:#555;font-size:13px">
      {why}{' '}
      <a href={links.manage} style="color:#555">
        {w.manage}
      </a>{' '}
      ·{' '}
      <a href={links.unsubscribe} style="color:#555">
        {w.unsubscribe}
      </a>
    </p>
  );
}

/** The document around a mail's body: inline styles only (mail clients drop style sheets). */
export function page(lang: MailLang, title: string, body: Child): string {
  const doc = (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
      </head>
      <body style="margin:0;padding:24px;background:#f6f7f9;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1b1f24;line-height:1.5">
        <div style="max-width:560px;margin:0 auto;background:#fff;border-radius:8px;padding:24px">{body}</div>
      </body>
    </html>
  );
  return `${raw('<!doctype html>')}${doc.toString()}`;
}
