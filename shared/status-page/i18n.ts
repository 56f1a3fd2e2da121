/** The status page's own words; incident texts come from the update's message in the same language. */
export const PAGE_TEXT = {
  en: {
    title: 'Status',
    operational: 'All systems operational',
    minor: 'Minor service disruption',
    major: 'Partial system outage',
    critical: 'Major service outage',
    maintenance: 'Maintenance in progress',
    components: 'Components',
    active: 'Current incidents',
    upcoming: 'Scheduled maintenance',
    history: 'Past 90 days',
    noHistory: 'No incidents in the past 90 days.',
    responseTime: 'Expected response time',
    minutes: 'min',
    waiting: 'waiting',
    subscribe: 'Get updates',
    email: 'E-mail address',
    submit: 'Subscribe',
    feeds: 'Feeds',
    stale: 'Showing the last known status; live data is temporarily unavailable.',
    updated: 'Updated',
    scheduledFor: 'Scheduled',
    uptime: 'uptime',
    daysAgo: '90 days ago',
    today: 'Today',
    uptimeOf: 'Uptime over the past 90 days',
    noIssueDays: 'No disruptions in the past 90 days.',
    closed: 'Outside office hours: we answer again from',
    readMore: 'Read the whole incident',
  },
  nl: {
    title: 'Status',
    operational: 'Alle systemen werken normaal',
    minor: 'Kleine verstoring',
    major: 'Gedeeltelijke storing',
    critical: 'Grote storing',
    maintenance: 'Onderhoud bezig',
    components: 'Onderdelen',
    active: 'Actuele storingen',
    upcoming: 'Gepland onderhoud',
    history: 'Afgelopen 90 dagen',
    noHistory: 'Geen storingen in de afgelopen 90 dagen.',
    responseTime: 'Verwachte reactietijd',
    minutes: 'min',
    waiting: 'wachtend',
    subscribe: 'Ontvang updates',
    email: 'E-mailadres',
    submit: 'Aanmelden',
    feeds: 'Feeds',
    stale: 'Laatst bekende status; actuele gegevens zijn tijdelijk niet beschikbaar.',
    updated: 'Bijgewerkt',
    scheduledFor: 'Gepland',
    uptime: 'beschikbaar',
    daysAgo: '90 dagen geleden',
    today: 'Vandaag',
    uptimeOf: 'Beschikbaarheid in de afgelopen 90 dagen',
    noIssueDays: 'Geen verstoringen in de afgelopen 90 dagen.',
    closed: 'Buiten kantooruren: we reageren weer vanaf',
    readMore: 'Lees de hele storing',
  },
} as const;

export type PageLang = keyof typeof PAGE_TEXT;
export type PageWords = (typeof PAGE_TEXT)[PageLang];

/**
 * `?lang=` wins (the page's switch links set it), then the best Accept-Language match among the
 * brand's languages we have words for, then the brand's first language.
 */
export function pickLang(query: string | undefined, acceptLanguage: string | undefined, brandLanguages: string[]): PageLang {
  const supported = brandLanguages.filter((l): l is PageLang => l in PAGE_TEXT);
  const fallback = supported[0] ?? 'en';
  if (query && (supported as string[]).includes(query)) return query as PageLang;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? '1');
      return { lang: (tag ?? '').split('-')[0]!, q: Number.isFinite(q) ? q : 0 };
    })
    .filter((x) => x.lang && x.q > 0)
    .sort((a, b) => b.q - a.q);
  return (ranked.find((r) => (supported as string[]).includes(r.lang))?.lang as PageLang | undefined) ?? fallback;
}
