import type { ConsoleLang } from './i18n.ts';

/**
 * The incident pages' own words (maintenance, channel previews, live deliveries, the complaints
 * chart), apart from i18n.ts so the incident console grows without touching every page's words.
 */
const en = {
  maintenance: 'Maintenance',
  planMaintenance: 'Plan maintenance',
  scheduledMaintenance: 'Scheduled and in-progress maintenance',
  scheduledFor: 'Starts',
  scheduledUntil: 'Ends',
  inZone: (zone: string) => `time in ${zone}`,
  remindPrior: 'Remind subscribers before it starts',
  autoStart: 'Start by itself at the start time',
  autoComplete: 'Complete by itself at the end time',
  affected: 'Affected components',
  underMaintenance: 'Under maintenance',
  maintenanceStates: { scheduled: 'Scheduled', in_progress: 'In progress', verifying: 'Verifying', completed: 'Completed' } as Record<string, string>,
  email: 'E-mail',
  sms: 'SMS',
  subject: 'Subject',
  segment: (n: number, limit: number, gsm: boolean) => `${n} of ${limit} characters, ${gsm ? 'GSM-7' : 'Unicode (UCS-2)'}, one segment`,
  segments: (n: number, limit: number, gsm: boolean) => `${n} characters, ${gsm ? 'GSM-7' : 'Unicode (UCS-2)'}: more than one segment of ${limit}`,
  exampleLinks: 'Manage and unsubscribe links are examples: each subscriber gets their own.',
  update: 'Update',
  deliveryStates: { sending: 'sending', sent: 'sent', retrying: 'retrying', failed: 'failed' } as Record<string, string>,
  retry: 'Retry',
  subscriberRedrive: 'redrive from the DLQ',
  deliveriesLive: (n: number) => `${n} ${n === 1 ? 'delivery' : 'deliveries'} changed`,
  retried: { sent: 'Delivered again.', failed: 'The retry failed again.', retrying: 'Retry in progress.', skipped: 'Not retried: the channel does not take this update.', none: 'Nothing to retry: the delivery is not failed (sent meanwhile, or already being retried).' } as Record<string, string>,
  chartTitle: 'Customer mentions around the first broadcast',
  chartCaption: (minutes: number) => `Customer mentions per ${minutes} minutes; the line marks the first broadcast.`,
  bucketFrom: 'From',
  mentions: 'Mentions',
  volumeBefore: 'Hour before',
  volumeAfter: 'Hour after',
  deflection: 'After / before',
  noRatio: 'n/a (no mentions before)',
};

type Words = typeof en;

const nl: Words = {
  maintenance: 'Onderhoud',
  planMaintenance: 'Onderhoud plannen',
  scheduledMaintenance: 'Gepland en lopend onderhoud',
  scheduledFor: 'Begint',
  scheduledUntil: 'Eindigt',
  inZone: (zone) => `tijd in ${zone}`,
  remindPrior: 'Abonnees vooraf herinneren',
  autoStart: 'Vanzelf beginnen op de begintijd',
  autoComplete: 'Vanzelf afronden op de eindtijd',
  affected: 'Betrokken onderdelen',
  underMaintenance: 'In onderhoud',
  maintenanceStates: { scheduled: 'Gepland', in_progress: 'Bezig', verifying: 'Controle', completed: 'Afgerond' },
  email: 'E-mail',
  sms: 'Sms',
  subject: 'Onderwerp',
  segment: (n, limit, gsm) => `${n} van ${limit} tekens, ${gsm ? 'GSM-7' : 'Unicode (UCS-2)'}, één segment`,
  segments: (n, limit, gsm) => `${n} tekens, ${gsm ? 'GSM-7' : 'Unicode (UCS-2)'}: meer dan één segment van ${limit}`,
  exampleLinks: 'De links voor beheren en afmelden zijn voorbeelden: elke abonnee krijgt zijn eigen.',
  update: 'Update',
  deliveryStates: { sending: 'wordt verstuurd', sent: 'verstuurd', retrying: 'opnieuw', failed: 'mislukt' },
  retry: 'Opnieuw proberen',
  subscriberRedrive: 'opnieuw via de DLQ',
  deliveriesLive: (n) => `${n} ${n === 1 ? 'bezorging' : 'bezorgingen'} gewijzigd`,
  retried: { sent: 'Opnieuw bezorgd.', failed: 'Ook de nieuwe poging mislukte.', retrying: 'Nieuwe poging loopt.', skipped: 'Niet opnieuw: dit kanaal krijgt deze update niet.', none: 'Niets opnieuw te proberen: de bezorging is niet mislukt (intussen verstuurd, of al opnieuw bezig).' },
  chartTitle: 'Klantberichten rond de eerste melding',
  chartCaption: (minutes) => `Klantberichten per ${minutes} minuten; de lijn is de eerste melding.`,
  bucketFrom: 'Vanaf',
  mentions: 'Berichten',
  volumeBefore: 'Uur ervoor',
  volumeAfter: 'Uur erna',
  deflection: 'Erna / ervoor',
  noRatio: 'n.v.t. (geen berichten ervoor)',
};

export type IncidentWords = Words;
export const INCIDENT_WORDS: Record<ConsoleLang, Words> = { en, nl };
