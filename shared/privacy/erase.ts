import { randomBytes } from 'node:crypto';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { Brands } from '../config/load.ts';
import { keyedHash } from '../keyed-hash.ts';
import { createLogger } from '../log.ts';
import type { Store } from '../store/client.ts';
import { recordErasure } from '../store/erasures.ts';
import { cancelFollowUp } from '../store/follow-ups.ts';
import { forgetAffected } from '../store/incident-mentions.ts';
import { mentionsOfAuthor } from '../store/mention-reads.ts';
import { eraseMentionText } from '../store/mention-updates.ts';
import { eraseIntentsTo } from '../store/outbox.ts';
import { dropParkedChanges } from '../store/parked-changes.ts';
import { dropCooldown } from '../store/thank-you-guards.ts';
import { forgetFirstText } from '../triage/same-text.ts';
import { caseIdOf } from '../cases/ids.ts';
import { dropLabel } from '../store/triage-labels.ts';
import { eraseCaseCustomer } from '../cases/erase.ts';
import { endStatusSubscriptions } from './subscribers.ts';
import { type ErasureScope, writeTombstones } from './tombstone.ts';

const logger = createLogger('wecare-privacy');

export interface ErasureReport {
  mentions: number;
  outbox: number;
  followUps: number;
  parkedChanges: number;
  incidentRecords: number;
  cooldowns: number;
  subscribers: number;
  /** SNS e-mail/SMS subscriptions of the erased address that were unsubscribed. */
  snsSubscriptions: number;
}

export interface ErasureDeps {
  store: Store;
  brands: Brands;
  now: () => Date;
  /** Unsubscribes the SNS e-mail/SMS subscriptions of an erased status subscriber. */
  sns: SNSClient;
}

/**
 * GDPR erasure of one author (`platform` + the platform's id; `email`/`phone` for status
 * subscribers, matched case-insensitively) in the brands of the caller's scope. Texts, names,
 * handles, links and media go; what metrics count stays (platform, kind, times, sentiment, intent,
 * status), under a random id that links nothing back. Scheduled follow-ups are cancelled and
 * status subscriptions ended: an erased customer is not contacted again. The tombstone is written
 * first, so a message arriving while this runs is already stored without their data. The erasure
 * itself is recorded under a keyed hash of the id, never the id.
 */
export async function eraseAuthor(deps: ErasureDeps, platform: string, authorId: string, scope: ErasureScope): Promise<ErasureReport> {
  const { store } = deps;
  const inScope = (brand: string) => scope.brands === 'all' || scope.brands.includes(brand);
  const report: ErasureReport = { mentions: 0, outbox: 0, followUps: 0, parkedChanges: 0, incidentRecords: 0, cooldowns: 0, subscribers: 0, snsSubscriptions: 0 };
  await writeTombstones(store, platform, authorId, scope, deps.now());
  const anonymous = `erased-${randomBytes(6).toString('hex')}`;
  const mentions = (await mentionsOfAuthor(store, platform, authorId)).filter((m) => inScope(m.brand));
  for (const m of mentions) {
    await forgetFirstText(store, m);
    await eraseMentionText(store, m.id, { id: anonymous }, deps.now());
    report.mentions++;
    report.parkedChanges += await dropParkedChanges(store, m.id);
    if (m.incidentId && (await forgetAffected(store, m.incidentId, platform, m.author.id))) report.incidentRecords++;
    if (await cancelFollowUp(store, m.caseId ?? caseIdOf(m.id), 'author erased')) report.followUps++;
    await dropLabel(store, m.id);
  }
  // Their cases keep their counts and clocks, not their name, handle or words.
  for (const caseId of new Set(mentions.map((m) => m.caseId).filter((id): id is string => !!id))) await eraseCaseCustomer(store, caseId, anonymous);
  const mentionIds = new Set(mentions.map((m) => m.id));
  for (const brand of new Set(mentions.map((m) => m.brand))) report.outbox += await eraseIntentsTo(store, brand, mentionIds, authorId);
  const brands = deps.brands.all.filter((b) => inScope(b.id));
  for (const brand of brands) {
    if (await dropCooldown(store, brand.id, platform, authorId)) report.cooldowns++;
  }
  if (platform === 'email' || platform === 'phone') {
    const ended = await endStatusSubscriptions(deps, brands.map((b) => b.id), platform, authorId);
    report.subscribers = ended.subscribers;
    report.snsSubscriptions = ended.snsSubscriptions;
  }
  await logErasure(store, platform, authorId, scope, report, deps.now());
  return report;
}

/** The erasure's own record names nobody: a keyed hash of the id (a bare sha256 of a phone number or e-mail address is reversed by trying them all). */
async function logErasure(store: Store, platform: string, authorId: string, scope: ErasureScope, report: ErasureReport, now: Date) {
  const subject = keyedHash('erasure', `${platform}:${authorId}`);
  await recordErasure(store, { platform, subject, scope: scope.brands === 'all' ? ['*'] : scope.brands, at: now.toISOString(), counts: { ...report } });
  logger.info('author erased', { platform, subject, ...report });
}
