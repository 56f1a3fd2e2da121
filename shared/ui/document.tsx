import type { Child } from 'hono/jsx';

/**
 * The document shell every HTML page shares, console and public status page alike: doctype, `lang`,
 * charset and viewport, the title, no favicon request, the one style sheet, and optionally a skip
 * link to `<main id="main">`. hono/jsx escapes every text and attribute, so a page passes names as
 * they are. The style is CSP-friendly either way: a file from the same origin (`style-src 'self'`,
 * the console's fingerprinted sheet) or one inline sheet allowed by its hash (`style-src 'sha256-…'`,
 * the status page's); never 'unsafe-inline'.
 */
export type PageStyle = { href: string } | { inline: string };

export interface DocumentProps {
  lang: string;
  title: string;
  style: PageStyle;
  /** More of the head, after the style: a meta, alternate or canonical links, a deferred script. */
  head?: Child;
  /** Pages behind personal links (tokens) stay out of search engines. */
  noindex?: boolean;
  /** The skip link's text; the page's main must then be `<main id="main">`. */
  skip?: string;
  children: Child;
}

export function renderDocument(p: DocumentProps): string {
  const page = (
    <html lang={p.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        {p.noindex && <meta name="robots" content="noindex" />}
        <title>{p.title}</title>
        <link rel="icon" href="data:," />
        {'href' in p.style ? <link rel="stylesheet" href={p.style.href} /> : <style dangerouslySetInnerHTML={{ __html: p.style.inline }} />}
        {p.head}
      </head>
      <body>
        {p.skip && <a class="skip" href="#main">{p.skip}</a>}
        {p.children}
      </body>
    </html>
  );
  return `<!doctype html>${page.toString()}`;
}
