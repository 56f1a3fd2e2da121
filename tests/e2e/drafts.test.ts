import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureDraftToBroadcast } from '../../bench/drafts.ts';
import { freePort } from '../../local/ports.ts';
import { type Runtime, startRuntime } from '../../local/runtime.ts';

let runtime: Runtime;

beforeAll(async () => {
  runtime = await startRuntime({ port: await freePort(), dataDir: mkdtempSync(join(tmpdir(), 'wecare-drafts-e2e-')) });
}, 90_000);
afterAll(() => runtime?.stop());

describe('from the crowd to the status page, the whole local pipeline', () => {
  it('a burst of complaints about the app becomes one draft; published, it is broadcast (and the time is measured)', async () => {
    const t = await measureDraftToBroadcast(runtime);
    expect(t.drafts).toBe(1);
    const auth = { authorization: `Bearer ${runtime.secrets.ADMIN_TOKEN}` };
    const incident = (await (await fetch(`${runtime.url}/api/incidents/${t.incidentId}`, { headers: auth })).json()) as { draftId: string; components: Record<string, string> };
    expect(incident.draftId).toBe(t.draftId);
    expect(Object.keys(incident.components)).toEqual(['app']);
    // The figure itself is bench/drafts.ts's (npm run bench): here it only has to happen, on a busy CI machine too.
    expect(t.totalMs).toBeLessThan(60_000);
    console.log(`drafts: first complaint → draft ${Math.round(t.toDraftMs)} ms, publish → first broadcast ${Math.round(t.publishToBroadcastMs)} ms, total ${Math.round(t.totalMs)} ms`);
  }, 120_000);
});
