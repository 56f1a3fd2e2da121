// zod/mini: the webhook function loads this at cold start (bundle budget, see bench functions.*).
import * as z from 'zod/mini';
import { ComponentStatus, Impact as IncidentImpact, Message } from '../incident.ts';
import { ACCOUNT_KINDS } from '../platforms/webhooks.ts';

const HHMM = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM'));
const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const nonEmpty = z.string().check(z.minLength(1));
const strings = (fallback: string[] = []) => z._default(z.array(z.string()), fallback);
const PerLanguage = z.record(z.string(), z.string());
const Impact = z.enum(['none', 'maintenance', 'minor', 'major', 'critical']);

export const BusinessHours = z.object({
  days: z._default(z.array(Weekday).check(z.minLength(1)), ['mon', 'tue', 'wed', 'thu', 'fri']),
  start: z._default(HHMM, '09:00'),
  end: z._default(HHMM, '18:00'),
});

export const RoutingRule = z.object({
  team: nonEmpty,
  keywords: z.optional(z.array(z.string())),
  platforms: z.optional(z.array(z.string())),
  languages: z.optional(z.array(z.string())),
  intents: z.optional(z.array(z.enum(['question', 'complaint', 'compliment', 'other']))),
});
export type RoutingRule = z.infer<typeof RoutingRule>;

/**
 * The brand's account ids per account kind, as the platforms' webhooks name them (x, facebook,
 * instagram, whatsapp, google, trustpilot; messenger uses the facebook page ids), and `generic`:
 * Standard Webhooks sources as "<platform>:<accountId>", e.g. "appstore:demo".
 */
const ACCOUNT_KEYS = [...ACCOUNT_KINDS, 'generic'];
export const Accounts = z.object(Object.fromEntries(ACCOUNT_KEYS.map((kind) => [kind, strings()])));
const NO_ACCOUNTS: Record<string, string[]> = Object.fromEntries(ACCOUNT_KEYS.map((kind) => [kind, []]));

export const ThankYouPolicy = z.object({
  enabled: z._default(z.boolean(), true),
  dryRun: z._default(z.boolean(), false),
  /** Minimum positive confidence (0..1) before a thank-you goes out. */
  threshold: z._default(z.number().check(z.gte(0), z.lte(1)), 0.6),
  cooldownDays: z._default(z.number().check(z.nonnegative()), 7),
  maxPerHour: z._default(z.number().check(z.int(), z.positive()), 30),
  platforms: z.optional(z.array(z.string())),
  templates: z._default(PerLanguage, {
    en: 'Thank you{name}, that is great to hear! 💙',
    nl: 'Dankjewel{name}, wat fijn om te horen! 💙',
  }),
});

export const FollowUpPolicy = z.object({
  enabled: z._default(z.boolean(), true),
  delayHours: z._default(z.number().check(z.positive()), 24),
  templates: z._default(PerLanguage, {
    en: 'Hi{name}, we helped you recently: is it solved now?',
    nl: 'Hoi{name}, we hielpen je onlangs: is het opgelost?',
  }),
  /** WhatsApp needs an approved template outside the 24-hour customer-service window. */
  whatsappTemplate: z.optional(z.string()),
});

/**
 * Crisis mode: while an incident at or above `minImpact` is open for the brand, the cheerful
 * automations (thank-yous) pause; outage auto-replies go on. Maintenance never counts.
 */
export const CrisisPolicy = z.object({
  minImpact: z._default(z.enum(['minor', 'major', 'critical']), 'major'),
});

/**
 * An inbox rule, evaluated by triage on each customer message (shared/cases/rules.ts): every
 * condition given must hold (any listed value, any keyword as a whole word); its actions are
 * applied to the case and recorded in its events with the rule's id.
 */
export const InboxRule = z.object({
  id: nonEmpty,
  platforms: z.optional(z.array(z.string())),
  intents: z.optional(z.array(z.enum(['question', 'complaint', 'compliment', 'other']))),
  sentiments: z.optional(z.array(z.enum(['positive', 'neutral', 'negative']))),
  languages: z.optional(z.array(z.string())),
  keywords: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(80))).check(z.maxLength(50))),
  tag: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
  team: z.optional(nonEmpty),
  priority: z.optional(z.number().check(z.int(), z.gte(0), z.lte(100))),
  state: z.optional(z.enum(['dismissed', 'spam'])),
});
export type InboxRule = z.infer<typeof InboxRule>;

const Minutes = z.record(z.string(), z.number().check(z.positive()));

/** How cases live (README, "Cases"): reopen window, SLA targets beyond the first response, automation. */
export const CasePolicy = z.object({
  /** A customer message within this many days of resolving reopens the case; later it starts a new one. */
  reopenDays: z._default(z.number().check(z.nonnegative()), 7),
  /** A compliment the thank-you flow answered resolves its case. */
  resolveThanked: z._default(z.boolean(), false),
  /** Business minutes to answer a customer's next message, per platform (`default` for the rest). */
  nextResponseMinutes: z._default(Minutes, { default: 60 }),
  /** Business minutes from the first message to resolution, per platform. */
  resolutionMinutes: z._default(Minutes, { default: 2880 }),
  /** Cases at or above this priority get their targets times `urgentFactor`. */
  urgentPriority: z._default(z.number().check(z.gte(0), z.lte(100)), 70),
  urgentFactor: z._default(z.number().check(z.positive(), z.lte(1)), 0.5),
  rules: z._default(z.array(InboxRule), []),
});
export type CasePolicy = z.infer<typeof CasePolicy>;

/**
 * A status page component. `names` are its names per language (`name` otherwise); `group` the id
 * of one of the brand's `componentGroups` (or, without one, the heading itself); ungrouped
 * components are listed on their own.
 */
export const Component = z.object({ id: nonEmpty, name: nonEmpty, names: z.optional(PerLanguage), group: z.optional(z.string()) });
export const ComponentGroup = z.object({ id: nonEmpty, name: nonEmpty, names: z.optional(PerLanguage) });

/** An outage that recurs, ready to open: POST /api/incidents {"brand","template"} (request fields override). */
export const IncidentTemplate = z.object({
  id: z.string().check(z.regex(/^[a-z0-9-]{1,60}$/, 'expected a lowercase slug')),
  name: nonEmpty,
  kind: z._default(z.enum(['incident', 'maintenance']), 'incident'),
  impact: IncidentImpact,
  message: Message,
  components: z._default(z.record(z.string(), ComponentStatus), {}),
});
export type IncidentTemplate = z.infer<typeof IncidentTemplate>;

/** Scheduled maintenance: the reminder before it starts (0: none). */
export const MaintenancePolicy = z.object({ remindMinutesBefore: z._default(z.number().check(z.int(), z.gte(0)), 60) });

/**
 * Drafts from the crowd (shared/incidents/drafts.ts): at least `minComplaints` complaints naming
 * one component within `windowMinutes`, `factor` times its usual rate, and no incident open.
 */
export const DraftPolicy = z.object({
  enabled: z._default(z.boolean(), true),
  minComplaints: z._default(z.number().check(z.int(), z.gte(2)), 5),
  windowMinutes: z._default(z.number().check(z.int(), z.positive()), 15),
  factor: z._default(z.number().check(z.gte(1)), 3),
});

export const Channel = z
  .object({
    id: nonEmpty,
    type: z.enum(['x', 'facebook', 'slack', 'teams', 'discord', 'webhook']),
    /**
     * Webhook URL for slack/teams/discord/webhook (a credential: whoever holds it can post); account
     * id for x/facebook. Credentials may be left out of the config and come from the environment
     * (the outbound secret in AWS): shared/config/channel-credentials.ts.
     */
    target: z.optional(nonEmpty),
    /** Only updates at or above this impact reach the channel. */
    minImpact: z._default(Impact, 'none'),
    /** Only updates touching these components reach the channel (all when absent). */
    components: z.optional(z.array(z.string())),
    /** Signing secret of a webhook channel; may come from the environment like the target. */
    secret: z.optional(z.string()),
  })
  // An X or Facebook account id is public and never comes from a secret: it must be in the config.
  .check(z.refine((c) => !!c.target || !['x', 'facebook'].includes(c.type), { message: 'required for x and facebook channels (the account id)', path: ['target'] }));

export const Brand = z.object({
  id: z.string().check(z.regex(/^[a-z0-9-]{1,40}$/, 'expected a lowercase slug')),
  name: nonEmpty,
  languages: strings(['nl', 'en']),
  timezone: z._default(z.string(), 'Europe/Amsterdam'),
  businessHours: z._default(BusinessHours, { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' }),
  /** ISO dates (YYYY-MM-DD) in the brand's time zone. */
  holidays: z._default(z.array(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'))), []),
  /** First-response targets in minutes per platform; `default` for the rest. */
  sla: z._default(z.record(z.string(), z.number().check(z.positive())), { default: 60 }),
  teams: strings(['webcare']),
  defaultTeam: z._default(z.string(), 'webcare'),
  routing: z._default(z.array(RoutingRule), []),
  accounts: z._default(Accounts, NO_ACCOUNTS),
  /** Identities of one person across platforms, e.g. [["x:123","facebook:456"]]. */
  linkedIdentities: z._default(z.array(z.array(z.string())), []),
  thankYou: z.prefault(ThankYouPolicy, {}),
  followUp: z.prefault(FollowUpPolicy, {}),
  crisis: z.prefault(CrisisPolicy, {}),
  cases: z.prefault(CasePolicy, {}),
  /** The automatic reply to complaints matching an active incident; {name} and {url} are filled in. */
  outageReply: z._default(PerLanguage, {
    en: 'Sorry for the trouble{name}: we know about it and are working on it. Live updates: {url}',
    nl: 'Sorry voor het ongemak{name}: we weten ervan en werken aan een oplossing. Live updates: {url}',
  }),
  outageKeywords: strings(),
  components: z._default(z.array(Component), []),
  componentGroups: z._default(z.array(ComponentGroup), []),
  incidentTemplates: z._default(z.array(IncidentTemplate), []),
  maintenance: z.prefault(MaintenancePolicy, {}),
  drafts: z.prefault(DraftPolicy, {}),
  channels: z._default(z.array(Channel), []),
  /** Public status subscribers: webhook subscribers per brand, at most (active and pending). */
  subscribers: z._default(z.object({ maxWebhooks: z._default(z.number().check(z.int(), z.positive()), 1000) }), { maxWebhooks: 1000 }),
  /** Opt-in texts: only to these countries (ISO 3166 codes), at most `maxPerDay` a day per brand (SMS pumping is toll fraud). */
  sms: z._default(
    z.object({ countries: strings(['NL', 'BE']), maxPerDay: z._default(z.number().check(z.int(), z.positive()), 200) }),
    { countries: ['NL', 'BE'], maxPerDay: 200 },
  ),
});
export type Brand = z.infer<typeof Brand>;

/** Cross-field checks a field schema cannot make: a template names only the brand's components, ids are unique. */
export function brandProblems(brand: Brand): string | undefined {
  const known = new Set(brand.components.map((c) => c.id));
  const ids = new Set<string>();
  for (const [i, t] of brand.incidentTemplates.entries()) {
    if (ids.has(t.id)) return `incidentTemplates.${i}.id: ${t.id} appears twice`;
    ids.add(t.id);
    const unknown = Object.keys(t.components).find((c) => !known.has(c));
    if (unknown) return `incidentTemplates.${i}.components.${unknown}: not a component of brand ${brand.id}`;
  }
  return undefined;
}

export const WecareConfig = z.object({ brands: z.array(Brand).check(z.minLength(1)) });
export type WecareConfig = z.infer<typeof WecareConfig>;
