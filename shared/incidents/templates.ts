import type { Brand } from '../config/brand.ts';
import { WecareError } from '../errors.ts';

/**
 * `POST /api/incidents {"brand","template":"<id>",…}`: the brand's template (config
 * `incidentTemplates`) fills in name, kind, impact, message and components; whatever the request
 * names itself wins (a message replaces the template's whole message, components are merged).
 * A maintenance starts `scheduled`, an incident `investigating`, unless the request says otherwise.
 * An unknown id answers 404, like a brand out of the caller's scope: a template names nothing else.
 */
export function fromTemplate(brand: Brand, body: Record<string, unknown>): Record<string, unknown> {
  const id = body.template;
  if (typeof id !== 'string') throw new WecareError('bad_request', 'template: expected a template id (string)');
  const template = brand.incidentTemplates.find((t) => t.id === id);
  if (!template) throw new WecareError('not_found', `template: no template "${id}" for brand ${brand.id}`);
  const { template: _, ...overrides } = body;
  const components = isRecord(overrides.components) ? { ...template.components, ...overrides.components } : template.components;
  return {
    name: template.name,
    kind: template.kind,
    status: (overrides.kind ?? template.kind) === 'maintenance' ? 'scheduled' : 'investigating',
    impact: template.impact,
    message: template.message,
    ...overrides,
    components,
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
