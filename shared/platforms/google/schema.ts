// Google Business Profile notifications arrive as Cloud Pub/Sub push messages.
import * as z from 'zod/mini';

export const PubSubPush = z.looseObject({
  message: z.looseObject({
    /** base64 of the notification JSON. */
    data: z.string(),
    messageId: z.optional(z.string()),
    message_id: z.optional(z.string()),
    publishTime: z.optional(z.string()),
    publish_time: z.optional(z.string()),
    attributes: z.optional(z.record(z.string(), z.string())),
  }),
  subscription: z.optional(z.string()),
});
export type PubSubPush = z.infer<typeof PubSubPush>;

/**
 * The notification. The v4 docs name the fields reviewName/locationName, the Notifications API v1
 * docs review_name/location_name, and deliveries seen in the wild use review/location: all accepted.
 */
export const ReviewNotification = z.looseObject({
  type: z.optional(z.string()),
  notificationType: z.optional(z.string()),
  review: z.optional(z.string()),
  reviewName: z.optional(z.string()),
  review_name: z.optional(z.string()),
  location: z.optional(z.string()),
  locationName: z.optional(z.string()),
  location_name: z.optional(z.string()),
});
export type ReviewNotification = z.infer<typeof ReviewNotification>;

/**
 * Business Profile resource names, as documented: `accounts/{id}/locations/{id}[/reviews/{id}]`.
 * Ids are numbers or URL-safe base64; nothing else may reach a request path (`..`, `/`, `?`, `%`).
 */
const SAFE_ID = '[A-Za-z0-9_-]{1,256}';
export const LOCATION_NAME = new RegExp(`^accounts/${SAFE_ID}/locations/${SAFE_ID}$`);
export const REVIEW_NAME = new RegExp(`^accounts/${SAFE_ID}/locations/${SAFE_ID}/reviews/${SAFE_ID}$`);
