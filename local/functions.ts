import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type AnyHandler = (event: never, context?: never) => Promise<unknown>;

/**
 * Loads `functions/<name>/handler.ts`: the very module Lambda runs. Imported only after the
 * runtime has set the env, because handlers read it once at module scope, as on a cold start.
 */
export async function loadHandler(name: string): Promise<AnyHandler> {
  const file = fileURLToPath(new URL(`../functions/${name}/handler.ts`, import.meta.url));
  if (!existsSync(file)) throw new Error(`functions/${name}/handler.ts is missing`);
  const mod = (await import(file)) as { handler: AnyHandler };
  return mod.handler;
}
