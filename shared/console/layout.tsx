import type { Child } from 'hono/jsx';
import { hasRight, type Principal } from '../auth/principal.ts';
import { renderDocument } from '../ui/document.tsx';
import { LangSwitch } from '../ui/lang-switch.tsx';
import { consoleAssets } from './assets.ts';
import { CONSOLE_TEXT, type ConsoleLang, type ConsoleWords } from './i18n.ts';

/** Who is looking at a console page, and in which language. */
export interface Viewer {
  lang: ConsoleLang;
  principal: Principal;
  email?: string;
  csrf: string;
  /** The page's own path and query, for the language switch. */
  here: string;
  /** Major or critical incidents open now on the viewer's brands: the crisis banner on every page. */
  crisis?: Array<{ brand: string; name: string; impact: string; link: string }>;
}

/**
 * The console's CSP: the one script and the one style sheet from this origin, fetches back to it;
 * no inline anything. form-action also allows the issuer (sign-out redirects there).
 */
export const consoleCsp = (issuerOrigin?: string) =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    `form-action 'self'${issuerOrigin ? ` ${issuerOrigin}` : ''}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

/** The same page with `lang` set: the switch's links. */
function withLang(here: string, lang: ConsoleLang): string {
  const url = new URL(here, 'http://x');
  url.searchParams.set('lang', lang);
  return `${url.pathname}${url.search}`;
}

function Shortcuts({ t }: { t: ConsoleWords }) {
  return (
    <dialog id="shortcuts" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">{t.shortcuts}</h2>
      <table>
        <tbody>
          {t.keys.map(([key, what]) => (
            <tr>
              <td><kbd>{key}</kbd></td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" id="close-shortcuts">{t.close}</button>
    </dialog>
  );
}

function Header({ v, t }: { v: Viewer; t: ConsoleWords }) {
  const who = v.email ?? v.principal.actor.id;
  const brands = v.principal.brands === 'all' ? t.all : v.principal.brands.join(', ');
  return (
    <header class="top">
      <h1><a href="/console">{t.title}</a></h1>
      <p class="who">
        {t.signedIn} <strong id="who">{who}</strong> · <span id="role" data-role={v.principal.role}>{t.roles[v.principal.role]}</span> · <span id="brands">{brands}</span>
      </p>
      <nav aria-label={t.title}>
        <ul>
          <li><a href="/console">{t.inbox}</a></li>
          {hasRight(v.principal, 'metrics:read') && <li><a href="/console/dashboard">{t.dashboard}</a></li>}
          {hasRight(v.principal, 'incidents:write') && <li><a href="/console/incidents">{t.incidents}</a></li>}
          <LangSwitch langs={['nl', 'en']} current={v.lang} href={(l) => withLang(v.here, l)} list />
          <li><button type="button" class="link" id="show-shortcuts" aria-haspopup="dialog">{t.shortcuts} (?)</button></li>
          <li>
            <form method="post" action="/console/logout">
              <input type="hidden" name="csrf" value={v.csrf} />
              <button type="submit" class="link">{t.signOut}</button>
            </form>
          </li>
        </ul>
      </nav>
    </header>
  );
}

/** A whole console page: the shared shell with the fingerprinted assets, header, main, the shortcut list. */
export function consoleDocument(v: Viewer | { lang: ConsoleLang }, title: string, main: Child): string {
  const t = CONSOLE_TEXT[v.lang];
  const { css, js } = consoleAssets();
  const signedIn = 'principal' in v ? v : undefined;
  return renderDocument({
    lang: v.lang,
    title,
    style: { href: css.path },
    skip: t.skip,
    head: (
      <>
        {signedIn && <meta name="csrf-token" content={signedIn.csrf} />}
        <script src={js.path} defer></script>
      </>
    ),
    children: (
      <>
        {signedIn ? <Header v={signedIn} t={t} /> : <header class="top"><h1>{t.title}</h1></header>}
        {signedIn?.crisis?.length ? (
          <aside class="crisis" id="crisis" aria-label={t.crisis}>
            <strong>{t.crisis}:</strong>{' '}
            {signedIn.crisis.map((i, n) => <>{n > 0 && ' · '}<a href={i.link}>{i.name}</a> ({i.brand}, {t.impacts[i.impact] ?? i.impact})</>)}
          </aside>
        ) : null}
        <main id="main" tabindex={-1}>{main}</main>
        {signedIn && <Shortcuts t={t} />}
      </>
    ),
  });
}
