/**
 * The language switch, console and status page alike: each language by its code in capitals, a
 * link to the same page in that language (`hreflang` and `lang` say which). In a list (the
 * console's nav) every language is a link and the current one has aria-current; inline (the status
 * page) the current one is bold text and the others links, separated by a space.
 */
export interface LangSwitchProps<L extends string> {
  langs: readonly L[];
  current: L;
  href: (lang: L) => string;
  list?: boolean;
}

export function LangSwitch<L extends string>({ langs, current, href, list }: LangSwitchProps<L>) {
  const link = (l: L) => (
    <a href={href(l)} hreflang={l} lang={l} aria-current={list && l === current ? 'true' : undefined}>
      {l.toUpperCase()}
    </a>
  );
  if (list) return <>{langs.map((l) => <li>{link(l)}</li>)}</>;
  return <>{langs.map((l, n) => <>{n > 0 && ' '}{l === current ? <strong>{l.toUpperCase()}</strong> : link(l)}</>)}</>;
}
