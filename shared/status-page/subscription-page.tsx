import type { Child } from 'hono/jsx';
import type { Brand } from '../config/brand.ts';
import type { PageLang } from './i18n.ts';
import { statusDocument } from './shell.tsx';

/**
 * The pages behind the links in opt-in and update messages. A link only opens a page: mail
 * scanners and SMS link previews fetch links, so a GET must never confirm or unsubscribe. The
 * page's one form POSTs back to the same URL (the token in it is the proof; no cookie), and that
 * POST acts. Same CSP as the status page: no script, the status page's style by hash;
 * hono/jsx escapes the brand's name.
 */
export type SubscriptionAction = 'confirm' | 'unsubscribe';

const WORDS = {
  en: {
    confirm: { title: 'Confirm status updates', intro: 'Confirm that you want status updates from', button: 'Confirm status updates', done: 'You will now get status updates from' },
    unsubscribe: { title: 'Stop status updates', intro: 'Stop the status updates from', button: 'Stop status updates', done: 'You will no longer get status updates from' },
    pending: 'Almost done: check your inbox or phone and confirm through the link.',
    back: 'Back to the status page',
  },
  nl: {
    confirm: { title: 'Statusmeldingen bevestigen', intro: 'Bevestig dat je statusmeldingen wilt ontvangen van', button: 'Statusmeldingen bevestigen', done: 'Je ontvangt nu statusmeldingen van' },
    unsubscribe: { title: 'Statusmeldingen stoppen', intro: 'Stop de statusmeldingen van', button: 'Statusmeldingen stoppen', done: 'Je ontvangt geen statusmeldingen meer van' },
    pending: 'Bijna klaar: kijk in je inbox of op je telefoon en bevestig via de link.',
    back: 'Terug naar de statuspagina',
  },
} as const;

const words = (lang: PageLang) => WORDS[lang] ?? WORDS.en;

const page = (lang: PageLang, title: string, body: Child) => statusDocument({ lang, title, noindex: true, children: <main>{body}</main> });

/** GET: explains and offers one labelled button; `action` is the same path with its token. */
export function actionPage(o: { brand: Brand; lang: PageLang; action: SubscriptionAction; formAction: string }): string {
  const w = words(o.lang)[o.action];
  return page(
    o.lang,
    `${w.title} · ${o.brand.name}`,
    <>
      <h1>{w.title}</h1>
      <p>{w.intro} {o.brand.name}.</p>
      <form method="post" action={o.formAction}><button type="submit">{w.button}</button></form>
    </>,
  );
}

/** After the POST acted (or after a form subscribe that now waits for its opt-in). */
export function resultPage(o: { brand: Brand; lang: PageLang; action: SubscriptionAction | 'pending'; statusUrl: string }): string {
  const w = words(o.lang);
  const title = o.action === 'pending' ? w.confirm.title : w[o.action].title;
  const text = o.action === 'pending' ? w.pending : `${w[o.action].done} ${o.brand.name}.`;
  return page(
    o.lang,
    `${title} · ${o.brand.name}`,
    <>
      <h1>{title}</h1>
      <p role="status">{text}</p>
      <p><a href={o.statusUrl}>{w.back}</a></p>
    </>,
  );
}
