import type { Child } from 'hono/jsx';

/**
 * A state shown as a word with its colour class `s-<state>`: a component's state on the status page,
 * a sentiment in the console's inbox. `pill` adds the console's rounded border; the colours are each
 * page's own style sheet's.
 */
export function StatePill(p: { state: string; pill?: boolean; children: Child }) {
  return <span class={p.pill ? `pill s-${p.state}` : `s-${p.state}`}>{p.children}</span>;
}
