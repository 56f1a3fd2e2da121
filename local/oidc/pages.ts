/** The issuer's own pages, in the browser's language: Dutch when it prefers nl over en, else English. */
export type Lang = 'en' | 'nl';

const TEXT = {
  en: {
    title: 'Sign in to wecare',
    email: 'E-mail',
    password: 'Password',
    submit: 'Sign in',
    wrong: 'E-mail or password is wrong.',
    throttled: (min: number) => `Too many failed sign-ins. Try again in ${min} minute${min === 1 ? '' : 's'}.`,
    expired: 'This sign-in has expired. Go back to wecare and start again.',
    error: 'Sign-in failed',
    signOutTitle: 'Sign out of wecare?',
    signOut: 'Sign out',
    stay: 'Stay signed in',
  },
  nl: {
    title: 'Inloggen bij wecare',
    email: 'E-mail',
    password: 'Wachtwoord',
    submit: 'Inloggen',
    wrong: 'E-mail of wachtwoord klopt niet.',
    throttled: (min: number) => `Te vaak mislukt. Probeer het over ${min} ${min === 1 ? 'minuut' : 'minuten'} opnieuw.`,
    expired: 'Deze inlogpoging is verlopen. Ga terug naar wecare en begin opnieuw.',
    error: 'Inloggen mislukt',
    signOutTitle: 'Uitloggen bij wecare?',
    signOut: 'Uitloggen',
    stay: 'Ingelogd blijven',
  },
} as const;

/** `nl-NL,nl;q=0.9,en;q=0.8` → nl. The first of nl/en by quality wins; anything else is English. */
export function pickLang(acceptLanguage: string | undefined): Lang {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
      return { base: tag.split('-')[0], q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((l) => (l.base === 'nl' || l.base === 'en') && l.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0]?.base === 'nl' ? 'nl' : 'en';
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(lang: Lang, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem}label{display:block;margin-top:1rem}input{width:100%;padding:.5rem;box-sizing:border-box}button{margin-top:1.5rem;padding:.5rem 1.5rem}[role=alert]{color:#a00}</style>
</head><body><main>${body}</main></body></html>`;
}

export type LoginNotice = { kind: 'wrong' } | { kind: 'throttled'; seconds: number };

export function loginPage(lang: Lang, action: string, email = '', notice?: LoginNotice): string {
  const t = TEXT[lang];
  const alert = notice && `<p role="alert">${esc(notice.kind === 'wrong' ? t.wrong : t.throttled(Math.max(1, Math.ceil(notice.seconds / 60))))}</p>`;
  return page(
    lang,
    t.title,
    `<h1>${esc(t.title)}</h1>${alert ?? ''}
<form method="post" action="${esc(action)}">
<label for="email">${t.email}</label><input id="email" name="email" type="email" autocomplete="username" required value="${esc(email)}"${email ? '' : ' autofocus'}>
<label for="password">${t.password}</label><input id="password" name="password" type="password" autocomplete="current-password" required${email ? ' autofocus' : ''}>
<button type="submit">${t.submit}</button>
</form>`,
  );
}

export function errorPage(lang: Lang, message?: string): string {
  const t = TEXT[lang];
  return page(lang, t.error, `<h1>${esc(t.error)}</h1><p role="alert">${esc(message ?? t.expired)}</p>`);
}

/** RP-initiated sign-out's confirmation; `form` is oidc-provider's (id op.logoutForm, with its xsrf field). */
export function logoutPage(lang: Lang, form: string): string {
  const t = TEXT[lang];
  return page(
    lang,
    t.signOutTitle,
    `<h1>${esc(t.signOutTitle)}</h1>${form}
<button autofocus type="submit" form="op.logoutForm" name="logout" value="yes">${t.signOut}</button> <button type="submit" form="op.logoutForm">${t.stay}</button>`,
  );
}
