import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createWebhookApp } from '../../functions/webhooks/app.ts';
import { loadBrands } from '../../shared/config/load.ts';
import type { Store } from '../../shared/store/client.ts';
import { testSecrets } from './sign.ts';

export const demoBrands = () => loadBrands(resolve(import.meta.dirname, '../../wecare.config.json'));

export function webhookApp(store: Store, now = () => new Date()) {
  return createWebhookApp({ store, brands: demoBrands(), secrets: testSecrets, now });
}

/** A fixture from the team folder beside the repo (../shared/fixtures), unchanged. */
export const sharedFixture = (path: string) => readFileSync(resolve(import.meta.dirname, '../../../shared/fixtures', path), 'utf8');
export const ownFixture = (path: string) => readFileSync(resolve(import.meta.dirname, '../fixtures', path), 'utf8');
