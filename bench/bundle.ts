import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Bundle, bundle } from '../infra/bundling.ts';
import { FUNCTION_NAMES } from '../infra/constructs/capability.ts';
import { SECRET_GROUPS } from '../infra/constructs/secrets.ts';
import { entryOf, hasEntry } from '../infra/constructs/wecare-function.ts';
import { PROJECT_ROOT } from '../infra/paths.ts';
import { TOPIC_ENV } from '../shared/bus/topology.ts';
import { TABLE_ENV } from '../shared/store/table.ts';
import { type Figures, median, round } from './stats.ts';

/** Fresh Node processes per bundle; the median of these many module inits. */
const RUNS = 15;

/** The floor: a bundle that only creates the SDK clients every wecare function starts with. */
const CLIENTS_ONLY = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
export const ddb = new DynamoDBClient({});
export const sns = new SNSClient({});
export const handler = async () => ({ ddb: !!ddb, sns: !!sns });
`;

/** What a cold start finds in Lambda, with placeholder values (no call leaves the process at init). */
function lambdaLikeEnv(): NodeJS.ProcessEnv {
  const secrets = Object.values(SECRET_GROUPS)
    .flat()
    .map((name) => [name, name === 'WEBHOOK_SECRET' ? 'whsec_YmVuY2htYXJrYmVuY2htYXJrYmVuY2htYXJr' : 'bench-value-long-enough-for-the-24-byte-floor']);
  return {
    PATH: process.env.PATH,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    [TABLE_ENV]: 'wecare',
    [TOPIC_ENV.mentionEvents]: 'arn:aws:sns:eu-west-1:000000000000:wecare-mention-events',
    [TOPIC_ENV.statusUpdates]: 'arn:aws:sns:eu-west-1:000000000000:wecare-status-updates',
    PUBLIC_URL: 'https://status.example.com',
    WECARE_CONFIG: join(PROJECT_ROOT, 'wecare.config.json'),
    ...Object.fromEntries(secrets),
  };
}

/** Module init of `file` in a fresh Node process, in ms (import only, no handler call). */
function initMs(file: string, env: NodeJS.ProcessEnv): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); console.log(performance.now() - t);`;
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`init of ${file} failed: ${out.stderr.trim().split('\n').slice(-3).join(' ')}`);
  return Number(out.stdout.trim().split('\n').pop());
}

/** The largest packages in a bundle, by bytes in the output, to explain a budget overrun. */
export function topPackages(b: Bundle, n = 8): Array<[string, number]> {
  const out = Object.values(b.metafile.outputs).find((o) => o.entryPoint !== undefined || o.bytes === b.bytes)!;
  const byPackage = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(out.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const key = m ? m[1]! : path.split('/').slice(0, 2).join('/');
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
  }
  return [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
}

export async function benchBundles(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'wecare-bundles-'));
  try {
    const env = lambdaLikeEnv();
    const floor = await bundle({ contents: CLIENTS_ONLY, resolveDir: PROJECT_ROOT }, join(dir, 'floor', 'index.mjs'));
    const names = FUNCTION_NAMES.filter(hasEntry);
    const bundles = new Map<string, Bundle>();
    for (const name of names) bundles.set(name, await bundle(entryOf(name), join(dir, name, 'index.mjs')));

    // Interleaved, so machine noise spreads evenly over the floor and every function.
    const times = new Map<string, number[]>([['floor', []], ...names.map((n) => [n, []] as [string, number[]])]);
    for (let run = 0; run < RUNS; run++) {
      times.get('floor')!.push(initMs(floor.file, env));
      for (const name of names) times.get(name)!.push(initMs(bundles.get(name)!.file, env));
    }

    const floorKb = floor.bytes / 1024;
    const floorInit = median(times.get('floor')!);
    const figures: Figures = {
      'functions.floor.bundle_kb': { value: round(floorKb, 1), unit: 'KiB' },
      'functions.floor.init_ms': { value: round(floorInit, 1), unit: 'ms' },
    };
    for (const name of names) {
      const kb = bundles.get(name)!.bytes / 1024;
      const init = median(times.get(name)!);
      figures[`functions.${name}.bundle_kb`] = { value: round(kb, 1), unit: 'KiB', floor: round(floorKb, 1), ratio: round(kb / floorKb) };
      figures[`functions.${name}.init_ms`] = { value: round(init, 1), unit: 'ms', floor: round(floorInit, 1), ratio: round(init / floorInit) };
    }
    const webhooks = bundles.get('webhooks');
    if (webhooks) {
      const bundleRatio = webhooks.bytes / floor.bytes;
      const initRatio = median(times.get('webhooks')!) / floorInit;
      figures['functions.webhooks.bundle_ratio'] = { value: round(bundleRatio), unit: 'ratio', floor: round(floorKb, 1), ratio: round(bundleRatio) };
      figures['functions.webhooks.init_ratio'] = { value: round(initRatio), unit: 'ratio', floor: round(floorInit, 1), ratio: round(initRatio) };
      if (bundleRatio > 1.5 || initRatio > 1.5) {
        process.stderr.write(`bench: webhooks over budget; largest packages: ${topPackages(webhooks).map(([p, b]) => `${p} ${(b / 1024).toFixed(0)}K`).join(', ')}\n`);
      }
    }
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchBundles();
  for (const [name, f] of Object.entries(figures)) {
    console.log(`${name.padEnd(40)} ${String(f.value).padStart(10)} ${f.unit.padEnd(6)} ${f.floor === undefined ? '' : `floor ${f.floor}`} ${f.ratio === undefined ? '' : `ratio ${f.ratio}`}`);
  }
}
