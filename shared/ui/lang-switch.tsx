/**
 * The language switch, console and status page alike: each language by its code in capitals, a
 * link to the same page in that language (`hreflang` and `lang` say which). In a list (the
 * console's nav) every language is a link and the current one has aria-current; inline (the status
 * page) the current one is bold text and the others links, separated by a space.
 */
export interface LangSwitchProps {
  langs: readonly string[];
  current: string;
  href: (lang: string) => string;
  list?: boolean;
}

export function LangSwitch({ langs, current, href, list }: LangSwitchProps) {
  const link = (l: string) => (
    <a href={href(l)} hreflang={l} lang={l} aria-current={list && l === current ? 'true' : undefined}>
      {l.toUpperCase()}
    </a>
  );
  if (list) return <>{langs.map((l) => <li>{link(l)}</li>)}</>;
  return <>{langs.map((l, n) => <>{n > 0 && ' '}{l === current ? <strong>{l.toUpperCase()}</strong> : link(l)}</>)}</>;
}
