import { RemovalPolicy } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';

/**
 * The secrets of wecare, grouped by who may read them, so each function can read exactly the group
 * it needs: the webhook function never sees an outbound token, the flows never see the admin token.
 * Each secret's value is a JSON object keyed by the plain env names the code reads (infra/README.md).
 */
export const SECRET_GROUPS = {
  /** Webhook verification: read by the webhooks function only. */
  inbound: ['X_CONSUMER_SECRET', 'META_APP_SECRET', 'META_VERIFY_TOKEN', 'WEBHOOK_SECRET', 'GOOGLE_PUSH_TOKEN', 'TRUSTPILOT_WEBHOOK_TOKEN'],
  /** The bearer token of /api/*: read by the api function only. */
  admin: ['ADMIN_TOKEN'],
  /** Platform tokens for replies and posts: read by the functions that talk to platforms. */
  outbound: ['X_ACCESS_TOKEN', 'META_PAGE_TOKEN', 'GOOGLE_ACCESS_TOKEN', 'TRUSTPILOT_ACCESS_TOKEN'],
  /**
   * The header CloudFront adds to every origin request (`x-origin-verify`): the api function
   * answers /status/* only with it. Generated, and also resolved into the distribution at deploy.
   */
  origin: ['CLOUDFRONT_ORIGIN_SECRET'],
  /** The key of the keyed hashes of personal ids (tombstones, conversation ids): generated, never rotated. */
  privacy: ['PRIVACY_HASH_KEY'],
} as const;

/** Secrets that exist only behind CloudFront in AWS; local mode has no CDN and does not set them. */
export const AWS_ONLY_SECRETS: readonly string[] = ['CLOUDFRONT_ORIGIN_SECRET'];

/** The env name (and JSON key of the origin secret) of CloudFront's origin header value. */
export const ORIGIN_SECRET_KEY = 'CLOUDFRONT_ORIGIN_SECRET';
export type SecretGroup = keyof typeof SECRET_GROUPS;

/** Keys we can generate ourselves; the rest come from the platforms and are put in after deploy. */
const GENERATED: Partial<Record<SecretGroup, string>> = { admin: 'ADMIN_TOKEN', inbound: 'META_VERIFY_TOKEN', origin: ORIGIN_SECRET_KEY, privacy: 'PRIVACY_HASH_KEY' };

const NO_ROTATION_LAMBDA: Record<SecretGroup, string> = {
  inbound: 'Platform-issued webhook secrets (X, Meta, Google, Trustpilot) are rotated at the platform and put with put-secret-value; a rotation Lambda cannot mint them.',
  admin: 'ADMIN_TOKEN is rotated by the operator with put-secret-value; the agents that hold it must get the new one at the same time, which a rotation Lambda cannot arrange.',
  outbound: 'Platform-issued access tokens and channel webhook URLs are rotated at the platform and put with put-secret-value; a rotation Lambda cannot mint them.',
  privacy: 'PRIVACY_HASH_KEY keys every stored hash of a personal id (erasure tombstones, conversation ids): a rotation would orphan them all, so it is generated once and kept.',
  origin: 'CLOUDFRONT_ORIGIN_SECRET is also resolved into the CloudFront origin header at deploy time; a rotation outside a deploy would lock CloudFront out of the origin. Rotate by regenerating and redeploying the stateless stack.',
};

export class WecareSecrets extends Construct {
  readonly secrets: Record<SecretGroup, secretsmanager.Secret>;

  constructor(scope: Construct, id: string, props: { prefix: string }) {
    super(scope, id);
    const make = (group: SecretGroup) => {
      const keys = SECRET_GROUPS[group];
      const generated = GENERATED[group];
      // No placeholders: a key that is absent switches its platform off (404), while a seeded
      // `SET_ME` would be refused at cold start and take every platform of the function down with it.
      const template = {};
      const secret = new secretsmanager.Secret(this, group, {
        secretName: `${props.prefix}${group}`,
        description: `wecare ${group} secrets: JSON of ${keys.join(', ')}`,
        generateSecretString: generated
          ? { secretStringTemplate: JSON.stringify(template), generateStringKey: generated, excludePunctuation: true, passwordLength: 40 }
          : { secretStringTemplate: JSON.stringify(template), generateStringKey: '_generated', passwordLength: 8 },
        removalPolicy: RemovalPolicy.RETAIN,
      });
      acknowledge(secret, 'AwsSolutions-SMG4', NO_ROTATION_LAMBDA[group]);
      return secret;
    };
    this.secrets = { inbound: make('inbound'), admin: make('admin'), outbound: make('outbound'), origin: make('origin'), privacy: make('privacy') };
  }
}
