import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: functions/, shared/, package-lock.json and wecare.config.json live here. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
