import type { RecordingSink } from '../../../local/sink.ts';
import { type Brand, WecareConfig } from '../../../shared/config/brand.ts';
import { type Brands, indexBrands } from '../../../shared/config/load.ts';
import { readReplyEnv } from '../../../shared/platforms/index.ts';
import type { Mention } from '../../../shared/mention.ts';
import { toMention } from '../../../shared/store/mentions.ts';

/** A triaged customer mention of the demo brand; override what the case is about. */
export function triaged(externalId: string, over: Partial<Mention> = {}): Mention {
  const createdAt = over.createdAt ?? '2026-11-16T09:30:00.000Z';
  const base = toMention(
    {
      platform: over.platform ?? 'x',
      kind: over.kind ?? 'post',
      externalId,
      accountId: over.accountId ?? '1500000000000000001',
      threadId: over.conversationId,
      author: over.author ?? { id: `author-${externalId}`, handle: 'fan', name: 'Anna de Vries' },
      text: over.text ?? 'Wat een geweldige service, top geholpen!',
      createdAt,
    },
    over.brand ?? 'demo',
    createdAt,
  );
  return {
    ...base,
    status: 'open',
    lang: 'nl',
    sentiment: { label: 'positive', score: 0.8, confidence: 0.9 },
    intent: 'compliment',
    sarcasm: false,
    triagedAt: createdAt,
    ...over,
    conversationId: over.conversationId ?? base.conversationId,
  };
}

/** Brand config as the JSON file would give it (defaults applied by the schema). */
export function brandsWith(overrides: Partial<Record<string, unknown>> = {}): Brands {
  const brand = {
    id: 'demo',
    name: 'Demo',
    accounts: { x: ['1500000000000000001'], facebook: ['page-1'], instagram: ['ig-1'], whatsapp: ['phone-1'] },
    ...overrides,
  };
  return indexBrands(WecareConfig.parse({ brands: [brand] }));
}

export const brand = (overrides: Partial<Record<string, unknown>> = {}): Brand => brandsWith(overrides).all[0]!;

/** Every platform pointed at the recording sink, with tokens, as a deployed function would read them. */
export function replyEnvFor(sink: RecordingSink) {
  return readReplyEnv({
    X_API_URL: `${sink.url}/x`,
    META_GRAPH_URL: `${sink.url}/meta`,
    GOOGLE_BUSINESS_URL: `${sink.url}/google`,
    TRUSTPILOT_API_URL: `${sink.url}/trustpilot`,
    X_ACCESS_TOKEN: 'x-token',
    META_PAGE_TOKEN: 'meta-token',
    GOOGLE_ACCESS_TOKEN: 'google-token',
    TRUSTPILOT_ACCESS_TOKEN: 'tp-token',
    TRUSTPILOT_BUSINESS_USER_ID: 'bu-1',
  } as NodeJS.ProcessEnv);
}
