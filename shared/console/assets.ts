import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The console's two static files (assets/console.js, assets/console.css), fingerprinted by their
 * content once per process: `/console/assets/console.<hash>.js`, cached for a year, immutable.
 * The folder sits beside this module in the repo and beside the bundle in the Lambda package
 * (infra copies it), so `./assets/` resolves in both.
 */
export interface ConsoleAsset {
  /** `console.<hash>.css` */
  name: string;
  path: string;
  type: string;
  body: string;
}

const FILES = [
  { file: 'console.css', type: 'text/css; charset=utf-8' },
  { file: 'console.js', type: 'text/javascript; charset=utf-8' },
] as const;

let loaded: { css: ConsoleAsset; js: ConsoleAsset; byName: Map<string, ConsoleAsset> } | undefined;

export function consoleAssets() {
  if (loaded) return loaded;
  const [css, js] = FILES.map(({ file, type }) => {
    const body = readFileSync(fileURLToPath(new URL(`./assets/${file}`, import.meta.url)), 'utf8');
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
    const name = file.replace(/\.(\w+)$/, `.${hash}.$1`);
    return { name, path: `/console/assets/${name}`, type, body };
  }) as [ConsoleAsset, ConsoleAsset];
  loaded = { css, js, byName: new Map([css, js].map((a) => [a.name, a])) };
  return loaded;
}
