import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle } from '../../infra/bundling.ts';
import { FUNCTION_NAMES } from '../../infra/constructs/capability.ts';
import { AWS_ONLY_SECRETS, SECRET_GROUPS, type SecretGroup } from '../../infra/constructs/secrets.ts';
import { entryOf, hasEntry, INFRA_ENV } from '../../infra/constructs/wecare-function.ts';
import { PROJECT_ROOT } from '../../infra/paths.ts';
import { PLATFORM_URL_DEFAULTS } from '../../infra/settings.ts';
import { SECRET_NAMES } from '../../local/secrets.ts';
import { TOPIC_ENV, TOPICS } from '../../shared/bus/topology.ts';
import { FUNCTION_ENV } from '../../shared/env.ts';
import { TABLE_ENV } from '../../shared/store/table.ts';
import { asArray, functionsByName, statementsOfRole, synthWecare } from './synth.ts';

/**
 * The contract between the code and the constructs, read from the code itself: each function is
 * bundled with the construct's esbuild settings and the metafile says which SDK commands and which
 * source files made it into the bundle. Those commands must be granted, the env names those files
 * read must be set (or come from a secret the function may read, or be local-mode only).
 */

/** Read only in local mode or by the SDK from the Lambda runtime; never set by the stack. */
const RUNTIME_OR_LOCAL = new Set([
  'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_LAMBDA_FUNCTION_NAME',
  'DYNAMODB_ENDPOINT', 'SNS_ENDPOINT', 'SQS_ENDPOINT', 'SES_ENDPOINT', 'PORT', 'WECARE_SINK_URL', 'SMS_API_URL', 'NODE_ENV', 'VITEST',
]);
/** Optional settings with a safe default in code; an operator may add them to the outbound secret JSON. */
const OPTIONAL = new Set([
  'TRUSTPILOT_BUSINESS_USER_ID', 'WECARE_RESCUE_AFTER_SECONDS', 'WECARE_RESCUE_QUIET_SECONDS',
  // Pub/Sub push OIDC check (off unless the audience is set; the keys URL has Google's default).
  'GOOGLE_PUSH_AUDIENCE', 'GOOGLE_PUSH_SERVICE_ACCOUNT', 'GOOGLE_JWKS_URL',
  // Tests only: lets subscriber webhooks reach loopback sinks; never set in AWS.
  'WECARE_ALLOW_PRIVATE_WEBHOOKS',
]);

interface Analysis {
  /** Source files of the repo that made it into the bundle. */
  files: Set<string>;
  commands: Set<string>;
  required: Set<string>;
  read: Set<string>;
}

let template: Template;
let fns: ReturnType<typeof functionsByName>;
const analyses = new Map<string, Analysis>();
const dir = mkdtempSync(join(tmpdir(), 'wecare-contract-'));

async function analyse(name: string): Promise<Analysis> {
  const b = await bundle(entryOf(name), join(dir, name, 'index.mjs'));
  const output = Object.values(b.metafile.outputs).find((o) => o.entryPoint)!;
  const commands = new Set<string>();
  const files = new Set<string>();
  const required = new Set<string>();
  const props = new Set<string>();
  const calls = new Set<string>();
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    if (bytesInOutput === 0) continue;
    const cmd = /@aws-sdk\/client-(dynamodb|sns|sqs|secrets-manager)\/dist-[a-z]+\/commands\/(\w+)Command\.js$/.exec(path);
    if (cmd && cmd[2] !== 'DescribeEndpoints') commands.add(`${cmd[1]}:${cmd[2]}`);
    if (path.includes('node_modules')) continue;
    files.add(path);
    const source = readFileSync(join(PROJECT_ROOT, path), 'utf8');
    for (const m of source.matchAll(/requireEnv\(\s*'([A-Z][A-Z0-9_]+)'/g)) required.add(m[1]!);
    for (const m of source.matchAll(/\benv\.([A-Z][A-Z0-9_]+)\b|\benv\[\s*'([A-Z][A-Z0-9_]+)'\s*\]/g)) props.add((m[1] ?? m[2])!);
    // readReplyEnv-style helpers: url('X_API_URL', …)
    for (const m of source.matchAll(/\(\s*'([A-Z][A-Z0-9]*_(?:URL|TOKEN|SECRET|ARN))'/g)) calls.add(m[1]!);
  }
  // File granularity over-approximates: keep what survived tree-shaking in the bundle itself. A
  // literal may survive in an error message, so an env.X read counts only as a property access.
  const code = readFileSync(b.file, 'utf8');
  const keptLiteral = (names: Set<string>) => [...names].filter((n) => new RegExp(`["']${n}["']`).test(code));
  const keptProperty = (names: Set<string>) => [...names].filter((n) => new RegExp(`\\.${n}\\b|\\[["']${n}["']\\]`).test(code));
  // A url('X_API_URL')-style read survives as a call argument; the name compared in a shared check does not count.
  const keptArgument = (names: Set<string>) => [...names].filter((n) => new RegExp(`\\(\\s*["']${n}["']`).test(code));
  return { files, commands, required: new Set(keptLiteral(required)), read: new Set([...keptProperty(props), ...keptArgument(calls)]) };
}

const IAM_OF: Record<string, string[]> = {
  'dynamodb:TransactGetItems': ['dynamodb:GetItem'],
  // Authorized per contained action; at least one write must be granted.
  'dynamodb:TransactWriteItems': [],
  'sns:PublishBatch': ['sns:Publish'],
};
const iamActions = (command: string) => {
  const [service, op] = command.split(':') as [string, string];
  const prefix = service === 'secrets-manager' ? 'secretsmanager' : service;
  return IAM_OF[`${prefix}:${op}`] ?? [`${prefix}:${op}`];
};

beforeAll(async () => {
  const s = synthWecare();
  template = s.statelessTemplate;
  fns = functionsByName(template);
  for (const name of FUNCTION_NAMES.filter(hasEntry)) analyses.set(name, await analyse(name));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const envOf = (name: string): Record<string, unknown> => fns.get(name)!.props.Environment.Variables;
const groupsOf = (name: string): SecretGroup[] => {
  const arns = JSON.stringify(envOf(name)[INFRA_ENV.secrets] ?? '');
  return (Object.keys(SECRET_GROUPS) as SecretGroup[]).filter((g) => arns.includes(`Secrets${g}`));
};
const grantedActions = (name: string) =>
  new Set(statementsOfRole(template, fns.get(name)!.props.Role['Fn::GetAtt'][0]).flatMap((s) => asArray(s.Action)));

describe('code ↔ infra contract', () => {
  it('holds every secret the local runtime knows in exactly one secret group (plus the AWS-only ones)', () => {
    const grouped: string[] = Object.values(SECRET_GROUPS).flat();
    expect(grouped.filter((n) => !AWS_ONLY_SECRETS.includes(n)).sort()).toEqual([...SECRET_NAMES].sort());
    expect(new Set(grouped).size).toBe(grouped.length);
    for (const n of AWS_ONLY_SECRETS) expect(grouped).toContain(n);
  });

  it('grants every SDK command a function bundles (and the webhook function only its writes and the tombstone query)', () => {
    expect(analyses.size).toBeGreaterThan(0);
    for (const [name, a] of analyses) {
      if (!fns.has(name)) continue;
      const granted = grantedActions(name);
      for (const command of a.commands) {
        for (const action of iamActions(command)) expect(granted.has(action), `${name} uses ${command} but is not granted ${action}`).toBe(true);
      }
      if (a.commands.has('dynamodb:TransactWriteItems')) {
        expect(['dynamodb:PutItem', 'dynamodb:UpdateItem'].some((x) => granted.has(x)), name).toBe(true);
      }
    }
    // Writes, and the erasure-tombstone Query (granted on ERASED# partitions only).
    expect([...analyses.get('webhooks')!.commands].sort()).toEqual(['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
  });

  it('sets every env name the code requires, or lets the function read it from its secret', () => {
    for (const [name, a] of analyses) {
      if (!fns.has(name)) continue;
      const provided = new Set([...Object.keys(envOf(name)), ...groupsOf(name).flatMap((g) => SECRET_GROUPS[g])]);
      for (const v of a.required) expect(provided.has(v), `${name} requires ${v}`).toBe(true);
      for (const v of a.read) expect(provided.has(v) || RUNTIME_OR_LOCAL.has(v) || OPTIONAL.has(v), `${name} reads ${v}`).toBe(true);
    }
  });

  it("sets every name a function's env schema requires in AWS (shared/env.ts FUNCTION_ENV)", () => {
    for (const [name, { always, inAws }] of Object.entries(FUNCTION_ENV)) {
      expect(fns.has(name), name).toBe(true);
      const provided = new Set([...Object.keys(envOf(name)), ...groupsOf(name).flatMap((g) => SECRET_GROUPS[g])]);
      for (const v of [...always, ...inAws]) expect(provided.has(v), `${name} requires ${v}`).toBe(true);
    }
  });

  it('gives the privacy key to exactly the functions whose bundle hashes personal ids', () => {
    // keyed-hash.ts reads PRIVACY_HASH_KEY through a constant, which the env scan above cannot see.
    for (const [name, a] of analyses) {
      if (!fns.has(name)) continue;
      expect(groupsOf(name).includes('privacy'), name).toBe([...a.files].some((f) => f.endsWith('shared/keyed-hash.ts')));
    }
  });

  it('sets TABLE_NAME and the TOPIC_ENV names exactly where access is granted', () => {
    for (const [name, fn] of fns) {
      const env = envOf(name);
      const granted = grantedActions(name);
      expect(TABLE_ENV in env, name).toBe([...granted].some((x) => x.startsWith('dynamodb:')));
      const publishes = statementsOfRole(template, fn.props.Role['Fn::GetAtt'][0]).filter((s) => asArray(s.Action).includes('sns:Publish'));
      for (const key of Object.keys(TOPICS) as Array<keyof typeof TOPICS>) {
        // A NotResource statement (SMS: publish to anything but a topic) names no topic.
        const granted = publishes.some((s) => s.Resource !== undefined && JSON.stringify(s.Resource) === JSON.stringify(env[TOPIC_ENV[key]]));
        expect(TOPIC_ENV[key] in env, `${name} ${TOPIC_ENV[key]}`).toBe(granted);
      }
      if (analyses.get(name)?.commands.has('sns:Publish')) expect(publishes.length, name).toBeGreaterThan(0);
    }
  });

  it('points every platform-talking function at the platform base URLs', () => {
    for (const [name] of fns) {
      if (!groupsOf(name).includes('outbound')) continue;
      for (const [k, v] of Object.entries(PLATFORM_URL_DEFAULTS)) expect(envOf(name)[k], `${name} ${k}`).toBe(v);
    }
  });
});
