/**
 * What e-mails and texts to status subscribers say around the incident's own words, per language.
 * Only languages an incident message is written in (nl, en): a subscriber never gets a mail whose
 * frame and message are in two languages.
 */
export const MAIL_LANGUAGES = ['nl', 'en'] as const;
export type MailLang = (typeof MAIL_LANGUAGES)[number];
export const isMailLang = (v: string): v is MailLang => (MAIL_LANGUAGES as readonly string[]).includes(v);

export const MAIL_WORDS = {
  en: {
    status: 'Status',
    components: 'Affected components',
    window: 'Scheduled',
    view: 'View this incident',
    viewMaintenance: 'View this maintenance',
    why: (brand: string) => `You get this e-mail because you subscribed to status updates from ${brand}.`,
    manage: 'Manage your subscription',
    unsubscribe: 'Unsubscribe',
    optInSubject: (brand: string) => `Confirm your status updates from ${brand}`,
    optInIntro: (brand: string) => `Someone, hopefully you, asked to get status updates from ${brand} at this address.`,
    optInButton: 'Confirm status updates',
    optInIgnore: 'Did not ask for this? Ignore this e-mail and you will get nothing from us.',
    smsStop: 'STOP to end',
    smsOptIn: (brand: string) => `${brand}: confirm status texts`,
  },
  nl: {
    status: 'Status',
    components: 'Getroffen onderdelen',
    window: 'Gepland',
    view: 'Bekijk deze storing',
    viewMaintenance: 'Bekijk dit onderhoud',
    why: (brand: string) => `Je krijgt deze e-mail omdat je je hebt aangemeld voor statusmeldingen van ${brand}.`,
    manage: 'Aanmelding beheren',
    unsubscribe: 'Afmelden',
    optInSubject: (brand: string) => `Bevestig je statusmeldingen van ${brand}`,
    optInIntro: (brand: string) => `Iemand, hopelijk jij, heeft gevraagd om statusmeldingen van ${brand} op dit adres.`,
    optInButton: 'Statusmeldingen bevestigen',
    optInIgnore: 'Niet door jou aangevraagd? Negeer deze e-mail, dan krijg je niets van ons.',
    smsStop: 'STOP om te stoppen',
    smsOptIn: (brand: string) => `${brand}: bevestig statussms'jes`,
  },
} as const;

export const mailWords = (lang: MailLang) => MAIL_WORDS[lang];
