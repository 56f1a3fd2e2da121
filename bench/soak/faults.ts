import { join } from 'node:path';
import { type LocalDynamo, startDynamo } from '../../local/dynamodb.ts';
import type { Runtime } from '../../local/runtime.ts';
import type { PostedUpdate } from './reconcile.ts';

/**
 * A crash of storage: SIGKILL the Java process (no shutdown hook, no flush) and start it again on
 * the same port and data dir, as a supervisor would. The runtime's clients and pollers keep their
 * endpoint and must ride it out.
 */
export async function killDynamo(runtime: Runtime, dataDir: string): Promise<{ dynamo: LocalDynamo; downMs: number }> {
  const old = runtime.stack.dynamo;
  const t0 = Date.now();
  const exited = new Promise((r) => old.process.once('exit', r));
  old.process.kill('SIGKILL');
  await exited;
  // local/runtime.ts starts it under `<dataDir>/dynamodb`.
  const dynamo = await startDynamo({ port: old.port, dataDir: join(dataDir, 'dynamodb') });
  return { dynamo, downMs: Date.now() - t0 };
}

export interface IncidentApi {
  url: string;
  token: string;
}

/** An agent's POST, retried on 5xx with the same Idempotency-Key so a retry is never a second update. */
async function post(api: IncidentApi, path: string, body: unknown, key: string): Promise<Record<string, unknown>> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    }).catch(() => undefined);
    if (res?.ok) return (await res.json()) as Record<string, unknown>;
    // 409: the incident changed between read and write (affected mentions are recorded on it); the server re-reads on retry.
    if ((res && res.status < 500 && res.status !== 409) || attempt >= 10) throw new Error(`${path} answered ${res?.status ?? 'no connection'}: ${await res?.text()}`);
    await new Promise((r) => setTimeout(r, 500 * attempt));
  }
}

export async function openIncident(api: IncidentApi, run: string): Promise<PostedUpdate> {
  const marker = `soak-${run}-open`;
  const incident = await post(
    api,
    '/api/incidents',
    {
      brand: 'demo',
      name: 'Storing in de app',
      status: 'investigating',
      impact: 'major',
      components: { app: 'major_outage' },
      message: { nl: `${marker} Inloggen in de app lukt niet. We zoeken uit wat er mis is.`, en: `${marker} Logging in to the app fails. We are looking into it.` },
    },
    marker,
  );
  return { marker, incidentId: String(incident.id) };
}

export async function postIncidentUpdate(api: IncidentApi, incidentId: string | undefined, run: string, status: 'identified' | 'resolved'): Promise<PostedUpdate> {
  if (!incidentId) throw new Error('no incident to update');
  const marker = `soak-${run}-${status}`;
  const resolved = status === 'resolved';
  await post(
    api,
    `/api/incidents/${incidentId}/updates`,
    {
      status,
      message: resolved
        ? { nl: `${marker} De app werkt weer. Excuses voor het ongemak.`, en: `${marker} The app works again. Sorry for the trouble.` }
        : { nl: `${marker} Oorzaak gevonden, we werken aan een oplossing.`, en: `${marker} Cause found, a fix is under way.` },
      ...(resolved ? { components: { app: 'operational' } } : {}),
    },
    marker,
  );
  return { marker, incidentId };
}
