import { incidentPermalink } from '../incident.ts';
import type { IncidentUpdate } from '../incidents/model.ts';

/** Human labels of the Statuspage enums, per language; the status page uses the same ones. */
export const STATUS_LABEL: Record<string, Record<string, string>> = {
  en: {
    investigating: 'Investigating',
    identified: 'Identified',
    monitoring: 'Monitoring',
    resolved: 'Resolved',
    postmortem: 'Postmortem',
    scheduled: 'Scheduled',
    in_progress: 'In progress',
    verifying: 'Verifying',
    completed: 'Completed',
    operational: 'Operational',
    degraded_performance: 'Degraded performance',
    partial_outage: 'Partial outage',
    major_outage: 'Major outage',
    under_maintenance: 'Under maintenance',
  },
  nl: {
    investigating: 'Onderzoek',
    identified: 'Oorzaak gevonden',
    monitoring: 'Monitoren',
    resolved: 'Opgelost',
    postmortem: 'Nabeschouwing',
    scheduled: 'Gepland',
    in_progress: 'Bezig',
    verifying: 'Controle',
    completed: 'Voltooid',
    operational: 'Werkt normaal',
    degraded_performance: 'Verminderde prestaties',
    partial_outage: 'Gedeeltelijke storing',
    major_outage: 'Grote storing',
    under_maintenance: 'Onderhoud',
  },
};

export const label = (lang: string, key: string) => STATUS_LABEL[lang]?.[key] ?? STATUS_LABEL.en![key] ?? key;

/** Where a reader follows the incident: its own page (GET /status/:brand/incidents/:id). */
export const incidentUrl = (publicUrl: string, u: Pick<IncidentUpdate, 'brand' | 'incidentId'>) => incidentPermalink(publicUrl, u.brand, u.incidentId);

/** The update in the brand's first language (channels post in one language). */
export function messageIn(u: IncidentUpdate, lang: string): string {
  return (u.message as Record<string, string>)[lang] ?? u.message.en;
}

/** "[Resolved] Login fails – We fixed …" for short-form channels (X, Facebook, Slack fallback). */
export function headline(u: IncidentUpdate, lang: string): string {
  return `[${label(lang, u.status)}] ${u.name}`;
}
