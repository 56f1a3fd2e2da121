import { webhookPlatforms } from '../../shared/platforms/webhooks.ts';
import { mentionId } from '../../shared/store/mentions.ts';

/**
 * What the soak sends: platform payloads shaped like the real ones (tests/fixtures, shared
 * fixtures), addressed to the demo brand's accounts, with Dutch and English texts. The expected
 * mention ids and change ids come from the platform's own parser, so reconciliation checks the
 * pipeline, not a second copy of each id rule.
 */
export type Route = 'x' | 'meta' | 'google' | 'trustpilot' | 'generic';

export interface Payload {
  route: Route;
  body: string;
  /** Query string after the path (tokens are added when signing). */
  query?: string;
  /** A change's mention, so out-of-order changes can be sent before it. */
  changeOf?: Payload;
}

export interface Expected {
  mentions: string[];
  changes: Array<{ mentionId: string; eventId: string }>;
}

const ACCOUNTS = {
  x: '1500000000000000001',
  page: '1234567890321',
  messengerPage: '12345654332',
  instagram: '17841400000000001',
  whatsapp: '10634295353625',
  google: 'accounts/108000000000000000001/locations/1234567890123456789',
  trustpilot: '5c0000000000000000000001',
};

const TEXTS = {
  praise: [
    ['nl', 'Super geholpen door jullie klantenservice, heel erg bedankt!'],
    ['nl', 'Wat een snelle levering, top geregeld. Dank jullie wel!'],
    ['nl', 'Eindelijk een energieleverancier die gewoon goed werkt, fijn!'],
    ['en', 'Thanks so much for the quick help today, really great service!'],
    ['en', 'Love the new app, switching contracts took two minutes. Brilliant!'],
  ],
  complaint: [
    ['nl', 'Sinds vanochtend werkt de app niet meer, ik kan niet inloggen. Wanneer is dit opgelost?'],
    ['nl', 'Al drie keer gebeld over mijn factuur en nog steeds geen antwoord. Belachelijk.'],
    ['nl', 'Storing in de app weer, ik kan mijn termijnbedrag niet aanpassen.'],
    ['en', 'Your app is down again and I cannot login. This is really frustrating.'],
    ['en', 'Still waiting for my refund after six weeks, terrible service.'],
  ],
  question: [
    ['nl', 'Hoe kan ik mijn termijnbedrag wijzigen?'],
    ['en', 'How do I change the email address on my account?'],
  ],
  neutral: [
    ['nl', 'Ik ben vorige week verhuisd en heb de meterstanden doorgegeven.'],
    ['en', 'Just moved house, sent the meter readings through the website.'],
  ],
} as const;

/** Mostly complaints and praise, as webcare sees them. */
function text(n: number): [string, string] {
  const r = n % 20;
  const pool = r < 7 ? TEXTS.praise : r < 14 ? TEXTS.complaint : r < 17 ? TEXTS.question : TEXTS.neutral;
  const [lang, t] = pool[n % pool.length]!;
  return [lang, t];
}

/** A few hundred recurring customers: repeat contacts, cool-downs and one outage reply per author. */
const author = (n: number) => `${7_000_000 + ((n * 7919) % 400)}`;
const NAMES = ['Sanne de Vries', 'Joost Bakker', 'Emma Jansen', 'Liam Smith', 'Fatima El Amrani', 'Pieter K.'];
const name = (n: number) => NAMES[n % NAMES.length]!;

type Maker = (n: number, run: string) => Payload;

const xTweet: Maker = (n, run) => {
  const [lang, t] = text(n);
  const id = `${run}${String(n).padStart(9, '0')}`;
  return {
    route: 'x',
    body: JSON.stringify({
      for_user_id: ACCOUNTS.x,
      tweet_create_events: [
        { created_at: new Date().toUTCString(), id_str: id, text: `@DemoBrand ${t}`, user: { id_str: author(n), screen_name: `klant_${author(n)}`, name: name(n), followers_count: 120 }, lang, timestamp_ms: String(Date.now()) },
      ],
    }),
  };
};

const xDm: Maker = (n, run) => {
  const [, t] = text(n);
  const sender = author(n);
  return {
    route: 'x',
    body: JSON.stringify({
      for_user_id: ACCOUNTS.x,
      direct_message_events: [
        { type: 'message_create', id: `${run}8${String(n).padStart(9, '0')}`, created_timestamp: String(Date.now()), message_create: { target: { recipient_id: ACCOUNTS.x }, sender_id: sender, message_data: { text: t } } },
      ],
      users: { [sender]: { id: sender, name: name(n), screen_name: `klant_${sender}` } },
    }),
  };
};

const xDelete = (tweet: Payload): Payload => {
  const t = (JSON.parse(tweet.body) as { tweet_create_events: Array<{ id_str: string; user: { id_str: string } }> }).tweet_create_events[0]!;
  return { route: 'x', changeOf: tweet, body: JSON.stringify({ for_user_id: ACCOUNTS.x, tweet_delete_events: [{ status: { id: t.id_str, user_id: t.user.id_str }, timestamp_ms: String(Date.now()) }] }) };
};

const feed = (value: Record<string, unknown>) =>
  JSON.stringify({ object: 'page', entry: [{ id: ACCOUNTS.page, time: Math.floor(Date.now() / 1000), changes: [{ field: 'feed', value }] }] });

const fbComment: Maker = (n, run) => {
  const [, t] = text(n);
  const post = `${ACCOUNTS.page}_${run}${n % 50}`;
  return {
    route: 'meta',
    body: feed({ item: 'comment', verb: 'add', comment_id: `${run}_${n}`, post_id: post, parent_id: post, from: { id: author(n), name: name(n) }, created_time: Math.floor(Date.now() / 1000), message: t }),
  };
};

const fbChange = (comment: Payload, verb: 'edited' | 'remove'): Payload => {
  const v = (JSON.parse(comment.body) as { entry: Array<{ changes: Array<{ value: Record<string, unknown> }> }> }).entry[0]!.changes[0]!.value;
  const message = verb === 'edited' ? `${String(v.message)} (aangepast)` : undefined;
  return { route: 'meta', changeOf: comment, body: feed({ ...v, verb, created_time: Math.floor(Date.now() / 1000) + 1, ...(message ? { message } : {}) }) };
};

const messenger: Maker = (n, run) => {
  const [, t] = text(n);
  return {
    route: 'meta',
    body: JSON.stringify({
      object: 'page',
      entry: [{ id: ACCOUNTS.messengerPage, time: Date.now(), messaging: [{ sender: { id: `psid${author(n)}` }, recipient: { id: ACCOUNTS.messengerPage }, timestamp: Date.now(), message: { mid: `mid.${run}.${n}`, text: t } }] }],
    }),
  };
};

const whatsapp: Maker = (n, run) => {
  const [, t] = text(n);
  const wa = `316${author(n)}`;
  return {
    route: 'meta',
    body: JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '101809759215303', changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: '31201234567', phone_number_id: ACCOUNTS.whatsapp },
        contacts: [{ profile: { name: name(n) }, wa_id: wa }],
        messages: [{ from: wa, id: `wamid.${run}${n}`, timestamp: String(Math.floor(Date.now() / 1000)), text: { body: t }, type: 'text' }],
      } }] }],
    }),
  };
};

const instagram: Maker = (n, run) => {
  const [, t] = text(n);
  return {
    route: 'meta',
    body: JSON.stringify({
      object: 'instagram',
      entry: [{ id: ACCOUNTS.instagram, time: Math.floor(Date.now() / 1000), changes: [{ field: 'comments', value: { id: `${run}9${n}`, text: t, from: { id: `ig${author(n)}`, username: `klant_${author(n)}` }, media: { id: `${run}77${n % 20}`, media_product_type: 'FEED' } } }] }],
    }),
  };
};

const google: Maker = (n, run) => {
  const data = { type: 'NEW_REVIEW', review: `${ACCOUNTS.google}/reviews/soak-${run}-${n}`, location: ACCOUNTS.google };
  const at = new Date().toISOString();
  return {
    route: 'google',
    body: JSON.stringify({ message: { attributes: {}, data: Buffer.from(JSON.stringify(data)).toString('base64'), messageId: `${run}${n}`, publishTime: at }, subscription: 'projects/wecare-demo/subscriptions/gbp-reviews-push' }),
  };
};

const review = (n: number, run: string) => {
  const [lang, t] = text(n);
  const stars = n % 20 < 7 ? 5 : n % 20 < 14 ? 1 : 3;
  return { id: `tp${run}${n}`, language: lang, title: t.split(/[,.!?]/)[0], text: t, stars, createdAt: new Date().toISOString(), consumer: { id: `tpc${author(n)}`, name: name(n) } };
};

const trustpilot: Maker = (n, run) => ({
  route: 'trustpilot',
  query: `businessUnit=${ACCOUNTS.trustpilot}`,
  body: JSON.stringify({ events: [{ eventName: 'service-review-created', version: '1', eventData: review(n, run) }] }),
});

const trustpilotChange = (created: Payload, verb: 'updated' | 'deleted'): Payload => {
  const r = (JSON.parse(created.body) as { events: Array<{ eventData: ReturnType<typeof review> }> }).events[0]!.eventData;
  const eventData = verb === 'deleted' ? { id: r.id, deletedAt: new Date().toISOString() } : { ...r, text: `${r.text} Update: inmiddels opgelost.`, updatedAt: new Date().toISOString() };
  return { route: 'trustpilot', query: created.query, changeOf: created, body: JSON.stringify({ events: [{ eventName: `service-review-${verb}`, version: '1', eventData }] }) };
};

const generic: Maker = (n, run) => {
  const [lang, t] = text(n);
  return {
    route: 'generic',
    body: JSON.stringify({ platform: 'appstore', kind: 'review', externalId: `as-${run}-${n}`, accountId: 'demo', author: { id: `as${author(n)}`, name: name(n) }, text: t, lang, rating: n % 5, createdAt: new Date().toISOString() }),
  };
};

/** Share of each platform in the mix (webcare volume is mostly Meta and X). */
const MIX: Array<[Maker, number]> = [
  [xTweet, 18], [xDm, 6], [fbComment, 22], [messenger, 10], [whatsapp, 10], [instagram, 12], [google, 6], [trustpilot, 8], [generic, 8],
];
const TOTAL = MIX.reduce((s, [, w]) => s + w, 0);

export function mention(n: number, run: string): Payload {
  let r = (n * 2654435761) % TOTAL;
  for (const [make, w] of MIX) {
    if (r < w) return make(n, run);
    r -= w;
  }
  return xTweet(n, run);
}

/** An edit or delete of a mention, where its platform has one; undefined otherwise. */
export function changeFor(p: Payload, n: number): Payload | undefined {
  if (p.route === 'x' && p.body.includes('tweet_create_events')) return xDelete(p);
  if (p.route === 'meta' && p.body.includes('"field":"feed"')) return fbChange(p, n % 2 ? 'edited' : 'remove');
  if (p.route === 'trustpilot') return trustpilotChange(p, n % 2 ? 'updated' : 'deleted');
  return undefined;
}

/** A body the route must refuse with 400: broken JSON, or valid JSON missing what the platform requires. */
export function malformed(n: number): Payload {
  const routes: Route[] = ['x', 'meta', 'google', 'trustpilot', 'generic'];
  const route = routes[n % routes.length]!;
  const body = n % 2 ? '{"entry": [ {"id": ' : JSON.stringify({ unexpected: true, n });
  return { route, body, query: route === 'trustpilot' ? `businessUnit=${ACCOUNTS.trustpilot}` : undefined };
}

/** What the platform's own parser says this payload carries (mention ids and change ids). */
export function expected(p: Payload): Expected {
  const query = new URLSearchParams(p.query ?? '');
  const events = webhookPlatforms[p.route].parse({ rawBody: p.body, header: () => undefined, query: (k) => query.get(k) ?? undefined }, new Date());
  const out: Expected = { mentions: [], changes: [] };
  for (const e of events) {
    if (e.type === 'mention') out.mentions.push(mentionId('demo', e.draft.platform, e.draft.externalId));
    else if (e.type === 'edit' || e.type === 'state' || e.type === 'refetch') out.changes.push({ mentionId: mentionId('demo', e.platform, e.externalId), eventId: e.eventId });
  }
  return out;
}
