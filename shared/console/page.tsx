import { CONSOLE_TEXT, type ConsoleLang } from './i18n.ts';
import { consoleDocument, type Viewer } from './layout.tsx';

/** The console's pages that are not the inbox or a case: a failed sign-in, and "not found". */

/** A failed callback (state, code, issuer): says so and offers a fresh start. */
export function signInFailedPage(lang: ConsoleLang, message: string): string {
  const t = CONSOLE_TEXT[lang];
  return consoleDocument(
    { lang },
    t.failed,
    <>
      <h2>{t.failed}</h2>
      <p role="alert">{message}</p>
      <p><a href="/console">{t.again}</a></p>
    </>,
  );
}

/** A case or brand that does not exist or is not the viewer's: the same words for both (nothing leaks). */
export function notFoundPage(viewer: Viewer): string {
  const t = CONSOLE_TEXT[viewer.lang];
  return consoleDocument(
    viewer,
    t.notFound,
    <>
      <h2>{t.notFound}</h2>
      <p>{t.notFoundText}</p>
      <p><a href="/console">{t.backToInbox}</a></p>
    </>,
  );
}

/** A page the viewer's role has no right to (403). */
export function forbiddenPage(viewer: Viewer): string {
  const t = CONSOLE_TEXT[viewer.lang];
  return consoleDocument(
    viewer,
    t.forbidden,
    <>
      <h2>{t.forbidden}</h2>
      <p>{t.forbiddenText}</p>
      <p><a href="/console">{t.backToInbox}</a></p>
    </>,
  );
}
