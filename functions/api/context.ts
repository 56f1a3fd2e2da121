import type { SNSClient } from '@aws-sdk/client-sns';
import type { Brands } from '../../shared/config/load.ts';
import type { Store } from '../../shared/store/mentions.ts';

/**
 * What every API route needs, built once at cold start (functions/api/handler.ts) or by a test,
 * and passed in: routes never create clients or read env themselves.
 */
export interface ApiContext {
  store: Store;
  sns: SNSClient;
  brands: Brands;
  adminToken: string;
  topics: { mentionEvents: string; statusUpdates: string };
  /** Public base URL of the status page, for links in replies and feeds. */
  publicUrl: string;
  now: () => Date;
  /** Texts a phone (status subscriber opt-in): SNS in AWS, the recording sink locally. */
  sendSms?: (phone: string, text: string) => Promise<void>;
}
