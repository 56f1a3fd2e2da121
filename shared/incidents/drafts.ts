import type { Brand } from '../config/brand.ts';
import { WecareError } from '../errors.ts';
import type { Mention } from '../mention.ts';
import type { Store } from '../store/client.ts';
import { closeDraft, countComplaints, firstComplaints, getDraft, type IncidentDraft, proposeDraft, recordComplaint } from '../store/incident-drafts.ts';
import { getMention } from '../store/mentions.ts';
import { type Incident, isClosed, NewIncident, newId } from './model.ts';
import { has } from './outage.ts';
import { openIncident, type TimelineDeps } from './timeline.ts';

export type { IncidentDraft } from '../store/incident-drafts.ts';

/** Baseline: the two hours before the window, as eight windows (as the mention spike, spike.ts). */
const BASELINE_WINDOWS = 8;
const EVIDENCE = 5;

/** The brand's components a text names, by id or by a name in any language. */
export function namedComponents(brand: Brand, text: string): string[] {
  return brand.components.filter((c) => [c.id, c.name, ...Object.values(c.names ?? {})].some((n) => has(text, n))).map((c) => c.id);
}

const isComplaint = (m: Mention) => m.intent === 'complaint' || m.sentiment?.label === 'negative';

/**
 * A customer complaint that no open incident explains: counted per component it names; when a
 * component's complaints in the last `drafts.windowMinutes` reach `minComplaints` and `factor`
 * times their usual rate, a draft incident is proposed (one per brand and component while open,
 * store/incident-drafts.ts). Never while an incident is open for the brand: then complaints are
 * about it (outage.ts), and a component under maintenance is expected to be missed.
 */
export async function onComplaint(deps: { store: Store; now: () => Date }, brand: Brand, mention: Mention, active: Incident[]): Promise<IncidentDraft[]> {
  if (!brand.drafts.enabled || mention.fromBrand || !isComplaint(mention)) return [];
  const open = active.filter((i) => i.brand === brand.id && !isClosed(i.status));
  if (open.some((i) => i.kind === 'incident')) return [];
  const maintained = new Set(open.flatMap((i) => Object.keys(i.components)));
  const proposed: IncidentDraft[] = [];
  for (const component of namedComponents(brand, mention.text).filter((c) => !maintained.has(c))) {
    await recordComplaint(deps.store, brand.id, component, { mentionId: mention.id, at: mention.createdAt });
    const draft = await spikeDraft(deps, brand, component);
    if (draft && (await proposeDraft(deps.store, draft, deps.now()))) proposed.push(draft);
  }
  return proposed;
}

async function spikeDraft(deps: { store: Store; now: () => Date }, brand: Brand, component: string): Promise<IncidentDraft | undefined> {
  const now = deps.now();
  const window = brand.drafts.windowMinutes * 60_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const t = now.getTime();
  const [recent, before] = await Promise.all([
    countComplaints(deps.store, brand.id, component, iso(t - window), iso(t)),
    countComplaints(deps.store, brand.id, component, iso(t - window * (BASELINE_WINDOWS + 1)), iso(t - window - 1)),
  ]);
  if (recent < brand.drafts.minComplaints || recent < brand.drafts.factor * (before / BASELINE_WINDOWS)) return undefined;
  const evidence = await firstComplaints(deps.store, brand.id, component, iso(t - window), iso(t), EVIDENCE);
  return {
    id: newId(now),
    brand: brand.id,
    component,
    // A guess for the incident manager to correct: three times the threshold reads as a major outage.
    impact: recent >= 3 * brand.drafts.minComplaints ? 'major' : 'minor',
    evidence,
    complaints: recent,
    firstComplaintAt: evidence[0]?.at ?? now.toISOString(),
    proposedAt: now.toISOString(),
    state: 'open',
  };
}

/** A draft as the console shows it: each piece of evidence with a short text, read now (an erased author's shows none). */
export async function withEvidenceTexts(store: Store, draft: IncidentDraft) {
  const evidence = await Promise.all(
    draft.evidence.map(async (e) => {
      const m = await getMention(store, e.mentionId);
      const text = m && !m.erasedAt ? m.text.slice(0, 140) : undefined;
      return { ...e, ...(m ? { platform: m.platform } : {}), ...(text ? { text } : {}) };
    }),
  );
  return { ...draft, evidence };
}

/**
 * Publishes an open draft through the normal path (openIncident: stored, audited by the route,
 * broadcast once). Retried, it gives the same incident: the draft id is the idempotency key.
 */
export async function publishDraft(deps: TimelineDeps, draft: IncidentDraft, overrides: Record<string, unknown>): Promise<Incident> {
  if (draft.state !== 'open') throw new WecareError('conflict', `draft ${draft.id} is already ${draft.state}${draft.incidentId ? ` (incident ${draft.incidentId})` : ''}`);
  const brand = deps.brands.byId(draft.brand);
  if (!brand) throw new WecareError('not_found', `draft ${draft.id} not found`);
  // An impact overridden without components moves the guessed component state with it.
  const impact = overrides.impact === 'major' || overrides.impact === 'critical' ? 'major' : overrides.impact === undefined ? draft.impact : 'minor';
  const parsed = NewIncident.safeParse({ ...draftIncident(brand, { ...draft, impact }), ...overrides, brand: brand.id });
  if (!parsed.success) throw new WecareError('bad_request', parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '));
  const incident = await openIncident(deps, parsed.data, `draft-${draft.id}`, { draftId: draft.id });
  await closeDraft(deps.store, draft, 'published', incident.id);
  return incident;
}

export async function dismissDraft(store: Store, draft: IncidentDraft): Promise<void> {
  if (!(await closeDraft(store, draft, 'dismissed'))) throw new WecareError('conflict', `draft ${draft.id} is no longer open`);
}

export const readDraft = getDraft;

function draftIncident(brand: Brand, draft: IncidentDraft) {
  const component = brand.components.find((c) => c.id === draft.component);
  const name = (lang: string) => component?.names?.[lang] ?? component?.name ?? draft.component;
  return {
    name: `${brand.languages[0] === 'en' ? 'Problems with' : 'Problemen met'} ${name(brand.languages[0] ?? 'nl')}`,
    kind: 'incident',
    status: 'investigating',
    impact: draft.impact,
    components: { [draft.component]: draft.impact === 'major' ? 'major_outage' : 'partial_outage' },
    message: {
      nl: `We krijgen meldingen over problemen met ${name('nl')} en zoeken uit wat er aan de hand is.`,
      en: `We are receiving reports of problems with ${name('en')} and are investigating.`,
    },
  };
}
