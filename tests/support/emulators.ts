import { inject } from 'vitest';
import { type QueueSpec } from '../../shared/bus/topology.ts';
import { createDynamo } from '../../shared/store/client.ts';
import type { Store } from '../../shared/store/client.ts';
import { provision, type Resources } from '../../local/stack.ts';

/** Endpoints of the emulators the global setup started for this run. */
export const endpoints = () => ({ dynamo: inject('dynamoEndpoint'), fauxqs: inject('fauxqsEndpoint'), ses: inject('sesEndpoint') });

/** What the SES emulator holds for `to` (its mailbox is shared by every test file of the run). */
export async function mailTo(to: string): Promise<Array<{ to: string; subject: string; text: string; html: string }>> {
  const { emails } = (await (await fetch(`${inject('sesEndpoint')}/store`)).json()) as { emails: Array<{ destination: { to: string[] }; subject: string; body: { text?: string; html?: string } }> };
  return emails.filter((m) => m.destination.to.includes(to)).map((m) => ({ to, subject: m.subject, text: m.body.text ?? '', html: m.body.html ?? '' }));
}

/**
 * A table, topics and queues of this test file's own (a unique prefix), on the shared emulators,
 * and a store bound to them.
 */
export async function freshResources(name: string, queues: QueueSpec[] = []): Promise<{ resources: Resources; store: Store }> {
  const prefix = `${name}-${Math.random().toString(36).slice(2, 8)}-`;
  const resources = await provision(endpoints(), prefix, queues);
  return { resources, store: { ddb: createDynamo(endpoints().dynamo), table: resources.table } };
}
