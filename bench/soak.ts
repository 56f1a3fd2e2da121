import { parseArgs } from 'node:util';
import { DEFAULTS, runSoak, type SoakReport } from './soak/run.ts';
import { saveFigures } from './stats.ts';

/**
 * `npm run soak [-- --seconds N]` (or SOAK_SECONDS): the local stack under a platform-like load
 * with faults (DynamoDB Local killed and restarted, the sink failing for 10 s), then reconciled.
 * Exits non-zero when anything was lost or doubled. Figures go to bench/results.json as `soak.*`.
 */
async function main() {
  // The rescue sweep (mentions and parked changes a stream consumer never finished) runs every
  // minute and waits two, as in AWS; the soak speeds both up so it can settle within its run.
  process.env.WECARE_RESCUE_AFTER_SECONDS ??= '15';
  process.env.WECARE_SWEEP_SECONDS ??= '5';
  process.env.WECARE_RESCUE_QUIET_SECONDS ??= '10';
  const { values } = parseArgs({ options: { seconds: { type: 'string' }, burst: { type: 'string' }, rate: { type: 'string' } } });
  const seconds = Number(values.seconds ?? process.env.SOAK_SECONDS ?? DEFAULTS.seconds);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`--seconds: "${values.seconds ?? process.env.SOAK_SECONDS}" is not a positive number`);
  console.log(`soak: ${seconds} s against the local stack`);
  const report = await runSoak({
    seconds,
    ...(values.burst ? { burst: Number(values.burst) } : {}),
    ...(values.rate ? { rate: Number(values.rate) } : {}),
    settleSeconds: Math.max(DEFAULTS.settleSeconds, seconds * 2),
    log: (line) => console.log(line),
  });
  print(report);
  save(report);
  return report.lost > 0 || report.doubled > 0 || report.errors.length > 0 ? 1 : 0;
}

function print(r: SoakReport) {
  const rows: Array<[string, string | number]> = [
    ['sent (HTTP requests)', r.sent],
    ['accepted (2xx)', r.accepted],
    ['rejected 4xx (malformed/unsigned)', r.rejected4xx],
    ['stored (distinct mentions)', r.stored],
    ['duplicates in table', r.duplicatesInTable],
    ['duplicates suppressed', r.duplicatesSuppressed],
    ['parked changes', r.parkedChanges],
    ['reply intents', JSON.stringify(r.intents)],
    ['broadcast deliveries', r.broadcastDeliveries],
    ['untriaged mentions', r.untriaged],
    ['DynamoDB Local down (ms)', r.dynamoDownMs],
    [`settle (ms)${r.settled ? '' : ' NOT SETTLED'}`, r.settleMs],
    ['still queued (SQS redelivers) / DLQ', `${r.queuesNotEmpty} / ${r.dlqMessages}`],
    ['redriven after the settle (failed replies / DLQ)', `${r.redriven.replies} / ${r.redriven.dlqMessages}`],
    ['failed replies left after the redrive', r.intents.failed ?? 0],
    ['latency p50 / p99 (ms)', `${r.p50Ms} / ${r.p99Ms}`],
    ['lost', `${r.lost}  (gave up ${r.gaveUp}, wrongly answered ${r.wronglyRejected}, not stored ${r.missingMentions}, untriaged ${r.untriaged}, changes unapplied ${r.changesUnapplied}, intents stuck ${r.intentsStuck}, broadcasts not sent ${r.broadcastNotSent})`],
    ['doubled side effects', `${r.doubled}  (replies ${r.doubledReplies}, identical requests ${r.doubledRequests}, broadcasts ${r.broadcastDoubled})`],
  ];
  for (const [k, v] of rows) console.log(`${k.padEnd(36)} ${v}`);
  for (const u of r.untriagedSample) console.log(`untriaged: ${JSON.stringify(u)}`);
  for (const d of r.doubledSample) console.log(`doubled: ${JSON.stringify(d)}`);
  for (const f of r.failedSample) console.log(`failed reply: ${JSON.stringify(f)}`);
  for (const e of r.errors) console.log(`error: ${e}`);
  console.log(r.lost === 0 && r.doubled === 0 && r.errors.length === 0 ? 'soak: OK, nothing lost, nothing doubled' : 'soak: FAILED');
}

function save(r: SoakReport) {
  saveFigures({
    'soak.seconds': { value: r.seconds, unit: 's' },
    'soak.sent': { value: r.sent, unit: 'requests' },
    'soak.accepted': { value: r.accepted, unit: 'requests' },
    'soak.stored': { value: r.stored, unit: 'mentions' },
    'soak.duplicates_suppressed': { value: r.duplicatesSuppressed, unit: 'events' },
    'soak.parked_changes': { value: r.parkedChanges, unit: 'events' },
    'soak.replies_sent': { value: r.intents.sent ?? 0, unit: 'replies' },
    'soak.replies_redriven': { value: r.redriven.replies + r.redriven.dlqMessages, unit: 'replies' },
    'soak.replies_failed': { value: r.intents.failed ?? 0, unit: 'replies' },
    'soak.untriaged': { value: r.untriaged, unit: 'mentions' },
    'soak.broadcast_deliveries': { value: r.broadcastDeliveries, unit: 'deliveries' },
    'soak.lost': { value: r.lost, unit: 'events' },
    'soak.doubled': { value: r.doubled, unit: 'side effects' },
    'soak.p50_ms': { value: r.p50Ms, unit: 'ms' },
    'soak.p99_ms': { value: r.p99Ms, unit: 'ms' },
    'soak.settle_ms': { value: r.settleMs, unit: 'ms' },
  });
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(`soak: ${e.stack ?? e.message}`);
    process.exit(2);
  },
);
