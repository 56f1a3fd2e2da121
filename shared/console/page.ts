import type { Principal, Role } from '../auth/principal.ts';
import { esc } from '../status-page/feeds.ts';
import { CSP as STATUS_CSP, STYLE } from '../status-page/html.ts';
import { pickLang } from '../status-page/i18n.ts';

/**
 * The console's placeholder until the console itself (a later issue): who is signed in, and a
 * sign-out button. The status page's style and CSP (no script; the one style allowed by its hash);
 * form-action also allows the issuer, where the sign-out form's redirect ends.
 */
export type ConsoleLang = 'en' | 'nl';

const TEXT = {
  en: {
    title: 'wecare console',
    signedIn: 'Signed in as',
    email: 'E-mail',
    role: 'Role',
    brands: 'Brands',
    all: 'All brands',
    roles: { agent: 'Agent', lead: 'Lead', incident_manager: 'Incident manager', admin: 'Admin' },
    soon: 'The console is not here yet; the API answers with this session.',
    signOut: 'Sign out',
    failed: 'Sign-in failed',
    again: 'Sign in again',
  },
  nl: {
    title: 'wecare-console',
    signedIn: 'Ingelogd als',
    email: 'E-mail',
    role: 'Rol',
    brands: 'Merken',
    all: 'Alle merken',
    roles: { agent: 'Medewerker', lead: 'Teamleider', incident_manager: 'Storingsmanager', admin: 'Beheerder' },
    soon: 'De console komt nog; de API antwoordt al met deze sessie.',
    signOut: 'Uitloggen',
    failed: 'Inloggen mislukt',
    again: 'Opnieuw inloggen',
  },
} as const satisfies Record<ConsoleLang, { roles: Record<Role, string> } & Record<string, unknown>>;

export const consoleLang = (acceptLanguage: string | undefined): ConsoleLang => pickLang(undefined, acceptLanguage, ['en', 'nl']);

/** The status page's CSP with the issuer's origin added to form-action (sign-out redirects there). */
export const consoleCsp = (issuerOrigin?: string) => (issuerOrigin ? STATUS_CSP.replace("form-action 'self'", `form-action 'self' ${issuerOrigin}`) : STATUS_CSP);

function page(lang: ConsoleLang, title: string, head: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><link rel="icon" href="data:,">${head}<style>${STYLE}</style></head>
<body><header><h1>${esc(TEXT[lang].title)}</h1></header><main>${body}</main></body></html>`;
}

export function consolePage(p: { lang: ConsoleLang; principal: Principal; email?: string; csrf: string }): string {
  const t = TEXT[p.lang];
  const who = p.email ?? p.principal.actor.id;
  const brands = p.principal.brands === 'all' ? t.all : p.principal.brands.join(', ');
  return page(
    p.lang,
    t.title,
    `<meta name="csrf-token" content="${esc(p.csrf)}">`,
    `<p>${t.signedIn} <strong id="who">${esc(who)}</strong></p>
<table><caption class="muted">${t.signedIn}</caption><tbody>
<tr><th scope="row">${t.email}</th><td id="email">${esc(who)}</td></tr>
<tr><th scope="row">${t.role}</th><td id="role" data-role="${esc(p.principal.role)}">${esc(t.roles[p.principal.role])}</td></tr>
<tr><th scope="row">${t.brands}</th><td id="brands">${esc(brands)}</td></tr>
</tbody></table>
<p class="muted">${t.soon}</p>
<form method="post" action="/console/logout"><input type="hidden" name="csrf" value="${esc(p.csrf)}"><button type="submit">${t.signOut}</button></form>`,
  );
}

/** A failed callback (state, code, issuer): says so and offers a fresh start. */
export function signInFailedPage(lang: ConsoleLang, message: string): string {
  const t = TEXT[lang];
  return page(lang, t.failed, '', `<h2>${t.failed}</h2><p role="alert">${esc(message)}</p><p><a href="/console">${t.again}</a></p>`);
}
