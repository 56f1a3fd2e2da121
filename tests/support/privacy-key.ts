import { configurePrivacyHashKey } from '../../shared/keyed-hash.ts';

// What every function that hashes personal ids does at its cold start (vitest.config.ts sets the key).
configurePrivacyHashKey(process.env);
