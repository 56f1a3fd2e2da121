import { createApiApp } from '../../functions/api/app.ts';
import type { ApiContext } from '../../functions/api/context.ts';
import { createSes } from '../../shared/broadcast/mail/ses.ts';
import { createSns } from '../../shared/bus/clients.ts';
import type { Resources } from '../../local/stack.ts';
import type { Store } from '../../shared/store/client.ts';
import { demoBrands } from './apps.ts';
import { endpoints } from './emulators.ts';
import { readReplyEnv } from '../../shared/platforms/index.ts';

export const ADMIN = 'admin-token-test';
export const auth = { authorization: `Bearer ${ADMIN}` };

export function apiContext(store: Store, resources: Resources, now = () => new Date()): ApiContext {
  return {
    store,
    sns: createSns(endpoints().fauxqs),
    brands: demoBrands(),
    adminToken: ADMIN,
    reply: { env: readReplyEnv(process.env), fetch: globalThis.fetch },
    topics: { mentionEvents: resources.topicArns.mentionEvents, statusUpdates: resources.topicArns.statusUpdates },
    publicUrl: 'http://wecare.test',
    now,
    mail: { ses: createSes(endpoints().ses), fromAddress: 'status@wecare.test' },
  };
}

export const apiApp = (store: Store, resources: Resources, now?: () => Date) => createApiApp(apiContext(store, resources, now));

/** The bindings the local node server hands the app: its socket, whose address rate limits key on. */
export const socket = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });
