import type { Child } from 'hono/jsx';
import type { Brand } from '../config/brand.ts';
import type { Subscriber } from '../incidents/subscribers.ts';
import type { PageLang } from './i18n.ts';
import { statusDocument } from './shell.tsx';

/**
 * The manage link of every status mail and text: which components, which impacts (texts) and which
 * language. The GET shows the choices; its one form POSTs back to the same URL (the token in it is
 * the proof, no cookie). hono/jsx escapes every name; the style is the status page's, allowed by hash.
 */
const WORDS = {
  en: {
    title: 'Manage status updates',
    components: 'Components',
    allComponents: 'Nothing ticked: every component.',
    impacts: 'Text me for',
    impact: { none: 'No impact', minor: 'Minor incidents', major: 'Major incidents', critical: 'Critical incidents' },
    language: 'Language',
    save: 'Save',
    saved: 'Your choices are saved.',
    stop: 'Stop all status updates',
  },
  nl: {
    title: 'Statusmeldingen beheren',
    components: 'Onderdelen',
    allComponents: 'Niets aangevinkt: alle onderdelen.',
    impacts: "Sms'jes bij",
    impact: { none: 'Geen impact', minor: 'Kleine storingen', major: 'Grote storingen', critical: 'Kritieke storingen' },
    language: 'Taal',
    save: 'Opslaan',
    saved: 'Je keuzes zijn opgeslagen.',
    stop: 'Alle statusmeldingen stoppen',
  },
} as const;

const page = (lang: PageLang, title: string, body: Child) => statusDocument({ lang, title, noindex: true, children: <main>{body}</main> });

export function managePage(o: { brand: Brand; lang: PageLang; subscriber: Subscriber; formAction: string; stopUrl: string; saved?: boolean }): string {
  const w = WORDS[o.lang];
  const s = o.subscriber;
  const chosen = (list: string[] | undefined, v: string) => !!list?.includes(v);
  return page(
    o.lang,
    `${w.title} · ${o.brand.name}`,
    <>
      <h1>{w.title}</h1>
      <p>{o.brand.name}</p>
      {o.saved ? <p role="status">{w.saved}</p> : null}
      <form method="post" action={o.formAction}>
        <fieldset>
          <legend>{w.components}</legend>
          {o.brand.components.map((c) => (
            <label>
              <input type="checkbox" name="components" value={c.id} checked={chosen(s.components, c.id)} /> {c.name}
            </label>
          ))}
          <p>{w.allComponents}</p>
        </fieldset>
        {s.type === 'phone' ? (
          <fieldset>
            <legend>{w.impacts}</legend>
            {(['minor', 'major', 'critical'] as const).map((i) => (
              <label>
                <input type="checkbox" name="impacts" value={i} checked={chosen(s.impacts, i)} /> {w.impact[i]}
              </label>
            ))}
          </fieldset>
        ) : null}
        <fieldset>
          <legend>{w.language}</legend>
          {(['nl', 'en'] as const).map((l) => (
            <label>
              <input type="radio" name="language" value={l} checked={(s.language ?? o.brand.languages[0]) === l} /> {l === 'nl' ? 'Nederlands' : 'English'}
            </label>
          ))}
        </fieldset>
        <button type="submit">{w.save}</button>
      </form>
      <p>
        <a href={o.stopUrl}>{w.stop}</a>
      </p>
    </>,
  );
}
