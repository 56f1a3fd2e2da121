import type { Brand } from '../config/brand.ts';

/** A component's (or group's) name in the page's language: `names[lang]`, else `name`. */
export const localName = (c: { name: string; names?: Record<string, string> }, lang: string) => c.names?.[lang] ?? c.name;

/** Component names by id in one language: incident blocks, incident pages and the JSON use the same. */
export const componentNames = (brand: Brand, lang: string) => new Map(brand.components.map((c) => [c.id, localName(c, lang)]));
