import { describe, expect, it } from 'vitest';
import { googleWebhook } from '../../../shared/platforms/google/webhook.ts';
import { trustpilotWebhook } from '../../../shared/platforms/trustpilot/webhook.ts';
import { NOW, inbound, onlyMention, ownFixture, secrets, thrown } from './support.ts';

const LOCATION = 'accounts/108000000000000000001/locations/1234567890123456789';
const REVIEW = `${LOCATION}/reviews/AbFvOqmA1b2C3d4E5f6G7h8I9j0K`;
const google = (body: string) => googleWebhook.parse(inbound(body), NOW);
const push = (notification: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ message: { data: Buffer.from(JSON.stringify(notification)).toString('base64'), messageId: '1', ...extra }, subscription: 's' });

describe('Google Business Profile review notifications (Pub/Sub push)', () => {
  it('NEW_REVIEW: a review keyed by its name, location as account, text pending', () => {
    const d = onlyMention(google(ownFixture('google/new-review.json')));
    expect(d).toEqual({
      platform: 'google',
      kind: 'review',
      externalId: REVIEW,
      accountId: LOCATION,
      threadId: REVIEW,
      author: { id: 'unknown' },
      text: '',
      textPending: true,
      createdAt: '2024-03-12T10:15:22.845Z',
    });
  });

  it('UPDATED_REVIEW: stores a first-seen review and marks a known one for fetching again, keyed by the push', () => {
    const events = google(ownFixture('google/updated-review.json'));
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ type: 'mention', draft: { externalId: REVIEW, kind: 'review', textPending: true } });
    expect(events[1]).toMatchObject({ type: 'refetch', platform: 'google', externalId: REVIEW });
    expect((events[1] as { eventId: string }).eventId).toMatch(/^update:/);
  });

  it('accepts the documented field spellings reviewName/locationName and review_name', () => {
    expect(onlyMention(google(push({ type: 'NEW_REVIEW', reviewName: REVIEW, locationName: LOCATION }))).accountId).toBe(LOCATION);
    expect(onlyMention(google(push({ type: 'NEW_REVIEW', review_name: REVIEW }))).accountId).toBe(LOCATION);
  });

  it('other notification types are acknowledged, nothing stored', () => {
    expect(google(ownFixture('google/new-question.json'))).toEqual([{ type: 'ignored', platform: 'google', reason: 'notification NEW_QUESTION' }]);
  });

  it('bad input names what is wrong', () => {
    expect(thrown(() => google('{"subscription":"s"}'))).toMatchObject({ code: 'bad_request', message: 'no known event in body' });
    expect(thrown(() => google('{"message":{"data":5}}')).message).toMatch(/^message\.data: /);
    expect(thrown(() => google('{"message":{"data":"bm90IGpzb24="}}'))).toMatchObject({ code: 'bad_request', message: 'message.data: not base64-encoded JSON' });
    expect(thrown(() => google(push({ type: 'NEW_REVIEW' }))).message).toBe('message.data.review: required for NEW_REVIEW');
  });

  it('token check: ?token= must equal GOOGLE_PUSH_TOKEN', async () => {
    const body = ownFixture('google/new-review.json');
    await expect(googleWebhook.verify(inbound(body, {}, { token: secrets.googlePushToken }), secrets, NOW)).resolves.toBeUndefined();
    await expect(googleWebhook.verify(inbound(body, {}, { token: 'google-push-tokeN' }), secrets, NOW)).rejects.toMatchObject({ code: 'unauthorized', message: 'token: does not match' });
    await expect(googleWebhook.verify(inbound(body), secrets, NOW)).rejects.toMatchObject({ code: 'unauthorized', message: 'token: missing query parameter' });
  });
});

const REVIEW_ID = '65f0a1b2c3d4e5f601234567';
const trustpilot = (body: string, query: Record<string, string> = {}) => trustpilotWebhook.parse(inbound(body, {}, query), NOW);

describe('Trustpilot service review events', () => {
  it('created: a review with stars, title + text, language and consumer', () => {
    const d = onlyMention(trustpilot(ownFixture('trustpilot/review-created.json'), { businessUnit: '5c0000000000000000000001' }));
    expect(d).toEqual({
      platform: 'trustpilot',
      kind: 'review',
      externalId: REVIEW_ID,
      accountId: '5c0000000000000000000001',
      threadId: REVIEW_ID,
      author: { id: '5f9e8d7c6b5a493827160514', name: 'Pieter K.' },
      text: 'Levering duurde veel te lang\nBesteld op maandag, pas na negen dagen binnen. De klantenservice reageerde wel snel.',
      rating: 2,
      lang: 'nl',
      url: `https://www.trustpilot.com/reviews/${REVIEW_ID}`,
      createdAt: '2024-03-12T10:20:31.000Z',
    });
  });

  it('the business unit comes from the payload when present, else the URL, else "unknown"', () => {
    const body = JSON.parse(ownFixture('trustpilot/review-created.json'));
    expect(onlyMention(trustpilot(JSON.stringify(body))).accountId).toBe('unknown');
    body.events[0].eventData.businessUnit = { id: 'bu-1' };
    expect(onlyMention(trustpilot(JSON.stringify(body), { businessUnit: 'bu-2' })).accountId).toBe('bu-1');
  });

  it('updated: stores the review if never seen, and an edit keyed by review id and update time', () => {
    const events = trustpilot(ownFixture('trustpilot/review-updated.json'));
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ type: 'mention', draft: { externalId: REVIEW_ID, rating: 4 } });
    expect(events[1]).toEqual({
      type: 'edit',
      platform: 'trustpilot',
      externalId: REVIEW_ID,
      eventId: `update:${REVIEW_ID}:2024-03-14T16:05:00.000Z`,
      text: 'Levering duurde lang, maar netjes opgelost\nNa contact met de klantenservice kreeg ik mijn verzendkosten terug. Prima afgehandeld.',
      at: '2024-03-14T16:05:00.000Z',
    });
  });

  it('an update without updatedAt gets a content-derived edit id: stable on redelivery, new for new words', () => {
    const body = JSON.parse(ownFixture('trustpilot/review-updated.json'));
    delete body.events[0].eventData.updatedAt;
    const editId = (b: unknown) => (trustpilot(JSON.stringify(b))[1] as { eventId: string }).eventId;
    const first = editId(body);
    expect(editId(body)).toBe(first);
    body.events[0].eventData.text = 'Changed my mind again.';
    expect(editId(body)).not.toBe(first);
  });

  it('deleted: a deleted state change', () => {
    expect(trustpilot(ownFixture('trustpilot/review-deleted.json'))).toEqual([
      { type: 'state', platform: 'trustpilot', externalId: REVIEW_ID, eventId: `delete:${REVIEW_ID}`, state: 'deleted', at: '2024-03-20T07:45:00.000Z' },
    ]);
  });

  it('unknown events are acknowledged; bad input names the field', () => {
    expect(trustpilot('{"events":[{"eventName":"product-review-created","eventData":{}}]}')).toEqual([{ type: 'ignored', platform: 'trustpilot', reason: 'event product-review-created' }]);
    expect(thrown(() => trustpilot('{"reviews":[]}'))).toMatchObject({ code: 'bad_request', message: 'no known event in body' });
    const wrong = '{"events":[{"eventName":"service-review-created","eventData":{"id":"r1","stars":"five"}}]}';
    expect(thrown(() => trustpilot(wrong))).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/^events\.0\.eventData\.stars: /) });
  });

  it('token check: ?token= must equal TRUSTPILOT_WEBHOOK_TOKEN', () => {
    expect(() => trustpilotWebhook.verify(inbound('{}', {}, { token: secrets.trustpilotWebhookToken }), secrets, NOW)).not.toThrow();
    expect(thrown(() => trustpilotWebhook.verify(inbound('{}', {}, { token: 'x' }), secrets, NOW))).toMatchObject({ code: 'unauthorized' });
  });
});
