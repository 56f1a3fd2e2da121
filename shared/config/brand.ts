import { z } from 'zod';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

export const BusinessHours = z.object({
  days: z.array(Weekday).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
  start: HHMM.default('09:00'),
  end: HHMM.default('18:00'),
});

export const RoutingRule = z.object({
  team: z.string().min(1),
  keywords: z.array(z.string()).optional(),
  platforms: z.array(z.string()).optional(),
  languages: z.array(z.string()).optional(),
  intents: z.array(z.enum(['question', 'complaint', 'compliment', 'other'])).optional(),
});

export const Accounts = z.object({
  x: z.array(z.string()).default([]),
  facebook: z.array(z.string()).default([]),
  instagram: z.array(z.string()).default([]),
  whatsapp: z.array(z.string()).default([]),
  google: z.array(z.string()).default([]),
  trustpilot: z.array(z.string()).default([]),
  /** Generic (Standard Webhooks) sources, e.g. "appstore:123". */
  generic: z.array(z.string()).default([]),
});

const PerLanguage = z.record(z.string(), z.string());

export const ThankYouPolicy = z.object({
  enabled: z.boolean().default(true),
  dryRun: z.boolean().default(false),
  /** Minimum positive confidence (0..1) before a thank-you goes out. */
  threshold: z.number().min(0).max(1).default(0.6),
  cooldownDays: z.number().nonnegative().default(7),
  maxPerHour: z.number().int().positive().default(30),
  platforms: z.array(z.string()).optional(),
  templates: PerLanguage.default({ en: 'Thank you{name}, that is great to hear! 💙', nl: 'Dankjewel{name}, wat fijn om te horen! 💙' }),
});

export const FollowUpPolicy = z.object({
  enabled: z.boolean().default(true),
  delayHours: z.number().positive().default(24),
  templates: PerLanguage.default({ en: 'Hi{name}, we helped you recently: is it solved now?', nl: 'Hoi{name}, we hielpen je onlangs: is het opgelost?' }),
  /** WhatsApp needs an approved template outside the 24-hour window. */
  whatsappTemplate: z.string().optional(),
});

export const Component = z.object({ id: z.string().min(1), name: z.string().min(1), group: z.string().optional() });

export const Channel = z.object({
  id: z.string().min(1),
  type: z.enum(['x', 'facebook', 'slack', 'teams', 'discord', 'webhook']),
  /** Webhook URL for slack/teams/discord/webhook; account id for x/facebook. */
  target: z.string().min(1),
  /** Only updates at or above this impact reach the channel. */
  minImpact: z.enum(['none', 'minor', 'major', 'critical']).default('none'),
  components: z.array(z.string()).optional(),
  secret: z.string().optional(),
});

export const Brand = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'expected a lowercase slug'),
  name: z.string().min(1),
  languages: z.array(z.string()).min(1).default(['nl', 'en']),
  timezone: z.string().default('Europe/Amsterdam'),
  businessHours: BusinessHours.default({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' }),
  /** ISO dates (YYYY-MM-DD) in the brand's time zone. */
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
  /** First-response targets in minutes per platform; `default` for the rest. */
  sla: z.record(z.string(), z.number().positive()).default({ default: 60 }),
  teams: z.array(z.string()).min(1).default(['webcare']),
  defaultTeam: z.string().default('webcare'),
  routing: z.array(RoutingRule).default([]),
  accounts: Accounts.default(Accounts.parse({})),
  /** Identities of one person across platforms, e.g. [["x:123","facebook:456"]]. */
  linkedIdentities: z.array(z.array(z.string())).default([]),
  thankYou: ThankYouPolicy.default(ThankYouPolicy.parse({})),
  followUp: FollowUpPolicy.default(FollowUpPolicy.parse({})),
  outageReply: PerLanguage.default({
    en: 'Sorry for the trouble{name}: we know about it and are working on it. Live updates: {url}',
    nl: 'Sorry voor het ongemak{name}: we weten ervan en werken aan een oplossing. Live updates: {url}',
  }),
  outageKeywords: z.array(z.string()).default([]),
  components: z.array(Component).default([]),
  channels: z.array(Channel).default([]),
});
export type Brand = z.infer<typeof Brand>;

export const WecareConfig = z.object({ brands: z.array(Brand).min(1) });
export type WecareConfig = z.infer<typeof WecareConfig>;
