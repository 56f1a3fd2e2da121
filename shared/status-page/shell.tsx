import type { Child } from 'hono/jsx';
import { renderDocument } from '../ui/document.tsx';
import { dateTime } from '../ui/format.ts';
import { LangSwitch } from '../ui/lang-switch.tsx';
import { PAGE_TEXT, type PageLang } from './i18n.ts';
import { STYLE } from './style.ts';

/** A public status page (status, incident, subscription, manage): the shared shell with the status page's hashed style. */
export function statusDocument(p: { lang: PageLang; title: string; head?: Child; noindex?: boolean; children: Child }): string {
  return renderDocument({ ...p, style: { inline: STYLE } });
}

/** The brand's languages the page has words for, the current one bold, each other a link to `href?lang=`. */
export function PageLangSwitch({ languages, current, href }: { languages: readonly string[]; current: PageLang; href: string }) {
  const langs = languages.filter((l): l is PageLang => l in PAGE_TEXT);
  return <LangSwitch langs={langs} current={current} href={(l) => `${href}?lang=${l}`} />;
}

/** An update's or a maintenance's time in the page's language and the brand's time zone; the ISO text if it cannot be read. */
export function pageTime(lang: PageLang, timeZone: string, iso: string): string {
  try {
    return dateTime(lang, timeZone, iso);
  } catch {
    return iso;
  }
}

/** An update's message in the page's language, else English. */
export const messageIn = (message: { en: string }, lang: PageLang): string => (message as Record<string, string>)[lang] ?? message.en;
