import { randomBytes } from 'node:crypto';
import { configurePrivacyHashKey } from '../shared/keyed-hash.ts';
import { type Figures, saveFigures } from './stats.ts';

// Some suites build stored items the way ingest does, outside a runtime: they need the key of the
// keyed hashes of personal ids (a runtime generates its own into .wecare/secrets.json).
process.env.PRIVACY_HASH_KEY ??= randomBytes(32).toString('base64url');
configurePrivacyHashKey(process.env);

/** Every benchmark, in one run, so each ratio's floor is measured on the same machine at the same time. */
const SUITES = ['ingest', 'triage', 'followups', 'broadcast', 'mail', 'status', 'auth', 'api', 'cases', 'scale', 'console', 'e2e', 'drafts', 'bundle'];

const only = process.argv.slice(2);
const results: Figures = {};
const failed: string[] = [];
for (const suite of SUITES.filter((s) => !only.length || only.includes(s))) {
  const mod = (await import(`./${suite}.ts`)) as Record<string, unknown>;
  const bench = Object.entries(mod).find(([name, fn]) => name.startsWith('bench') && typeof fn === 'function')?.[1] as () => Promise<Figures>;
  if (!bench) throw new Error(`bench/${suite}.ts exports no bench function`);
  process.stderr.write(`bench: ${suite}…\n`);
  // Each suite's figures are kept as it ends: one failing suite costs its own figures, not the run's.
  try {
    const figures = await bench();
    Object.assign(results, figures);
    saveFigures(figures);
  } catch (e) {
    failed.push(suite);
    process.stderr.write(`bench: ${suite} failed: ${(e as Error).stack ?? e}\n`);
  }
}

console.log(`${'name'.padEnd(40)} ${'value'.padStart(12)} unit          floor      ratio`);
for (const [name, f] of Object.entries(results)) {
  console.log(`${name.padEnd(40)} ${String(f.value).padStart(12)} ${f.unit.padEnd(12)} ${String(f.floor ?? '').padStart(8)} ${String(f.ratio ?? '').padStart(8)}`);
}
if (failed.length) process.stderr.write(`bench: failed suites: ${failed.join(', ')}\n`);
process.exit(failed.length ? 1 : 0);
