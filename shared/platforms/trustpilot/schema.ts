// Trustpilot service review webhooks: {"events":[{"eventName","version","eventData"}]}.
import * as z from 'zod/mini';

export const TrustpilotEvent = z.looseObject({
  eventName: z.string(),
  version: z.optional(z.string()),
  eventData: z.unknown(),
});

export const TrustpilotBody = z.looseObject({ events: z.array(TrustpilotEvent) });

/** created and updated carry the whole review; the business unit is not part of the documented payload. */
export const ServiceReview = z.looseObject({
  id: z.string().check(z.minLength(1)),
  stars: z.number().check(z.gte(0), z.lte(5)),
  title: z.nullish(z.string()),
  text: z.nullish(z.string()),
  language: z.nullish(z.string()),
  createdAt: z.nullish(z.string()),
  updatedAt: z.nullish(z.string()),
  referenceId: z.nullish(z.string()),
  consumer: z.nullish(z.looseObject({ id: z.nullish(z.string()), name: z.nullish(z.string()), displayName: z.nullish(z.string()) })),
  businessUnit: z.nullish(z.looseObject({ id: z.string() })),
  businessUnitId: z.nullish(z.string()),
});
export type ServiceReview = z.infer<typeof ServiceReview>;

export const DeletedReview = z.looseObject({ id: z.string().check(z.minLength(1)), deletedAt: z.nullish(z.string()) });
