import type { Brand } from '../config/brand.ts';
import { channelTargetEnv } from '../config/channel-credentials.ts';
import type { IncidentUpdate } from '../incidents/model.ts';
import { json, type OutboundRequest } from '../platforms/http.ts';
import { platformAdapters } from '../platforms/index.ts';
import { clip } from '../platforms/text.ts';
import type { ReplyEnv } from '../platforms/types.ts';
import { headline, incidentUrl, label, messageIn } from './text.ts';

export type ChannelConfig = Brand['channels'][number];

/**
 * A channel's target: from the config, or (when the config leaves a credential out) from the env the
 * brands were loaded with (withChannelCredentials). Missing both is a deploy mistake named here.
 */
export function targetOf(brand: Pick<Brand, 'id'>, channel: ChannelConfig): string {
  if (channel.target) return channel.target;
  throw new Error(`channel ${brand.id}/${channel.id}: no target: set it in the config or ${channelTargetEnv(brand.id, channel.id)} in the outbound secret`);
}

/** The platforms' base URLs and tokens (readReplyEnv, the same the replies use) and the status page's address. */
export interface ChannelEnv {
  platforms: ReplyEnv;
  publicUrl: string;
}

export interface RenderInput {
  update: IncidentUpdate;
  brand: Brand;
  env: ChannelEnv;
}

const lang = (brand: Brand) => brand.languages[0] ?? 'en';

/**
 * An update as a post on the brand's own platform account (X, a Facebook page): worded here in the
 * brand's first language, shaped by the platform's adapter (its length limit, API and token).
 */
export function statusPostRequest({ update, brand, env }: RenderInput, channel: ChannelConfig): OutboundRequest {
  const post = platformAdapters[channel.type]?.statusPost;
  if (!post) throw new Error(`channel ${brand.id}/${channel.id}: ${channel.type} takes no status posts`);
  const l = lang(brand);
  return post({ account: targetOf(brand, channel), headline: headline(update, l), message: messageIn(update, l), link: incidentUrl(env.publicUrl, update) }, env.platforms);
}

/** Slack incoming webhook: `text` is the notification fallback, blocks are what people see. */
export function slackMessage({ update, brand, env }: RenderInput) {
  const l = lang(brand);
  const components = Object.entries(update.components).map(([id, s]) => `• ${componentName(brand, id)}: ${label(l, s)}`);
  return {
    text: clip(headline(update, l), 3000),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(headline(update, l), 150), emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: clip(escapeSlack(messageIn(update, l)), 3000) } },
      ...(components.length ? [{ type: 'section', text: { type: 'mrkdwn', text: clip(components.join('\n'), 3000) } }] : []),
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `${brand.name} · impact ${update.impact} · <${incidentUrl(env.publicUrl, update)}|status page>` }],
      },
    ],
  };
}

/** Teams workflow ("When a Teams webhook request is received") takes a message with an Adaptive Card. */
export function teamsMessage({ update, brand, env }: RenderInput) {
  const l = lang(brand);
  const facts = Object.entries(update.components).map(([id, s]) => ({ title: componentName(brand, id), value: label(l, s) }));
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: headline(update, l), weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'TextBlock', text: messageIn(update, l), wrap: true },
            ...(facts.length ? [{ type: 'FactSet', facts }] : []),
          ],
          actions: [{ type: 'Action.OpenUrl', title: l === 'nl' ? 'Statuspagina' : 'Status page', url: incidentUrl(env.publicUrl, update) }],
        },
      },
    ],
  };
}

/** Discord's limits (developer docs, "Embed Limits"); exceeding any rejects the whole message. */
export const DISCORD = { title: 256, description: 4096, embeds: 10, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, total: 6000 };
const COLORS: Record<string, number> = { none: 0x2ecc71, minor: 0xf1c40f, major: 0xe67e22, critical: 0xe74c3c };

export function discordMessage({ update, brand, env }: RenderInput) {
  const l = lang(brand);
  const resolved = update.kind === 'resolved';
  const title = clip(headline(update, l), DISCORD.title);
  const footer = clip(brand.name, 100);
  const fields = Object.entries(update.components)
    .slice(0, DISCORD.fields)
    .map(([id, s]) => ({ name: clip(componentName(brand, id), 100), value: clip(label(l, s), 100), inline: true }));
  const fixed = title.length + footer.length + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  // The description takes what the 6000-character total leaves, never more than its own 4096.
  const description = clip(messageIn(update, l), Math.min(DISCORD.description, DISCORD.total - fixed - 10));
  return {
    // Incident text is ours, but a message like "@everyone" must never ping a whole server.
    allowed_mentions: { parse: [] as string[] },
    embeds: [
      {
        title,
        description,
        url: incidentUrl(env.publicUrl, update),
        color: resolved ? COLORS.none : (COLORS[update.impact] ?? COLORS.minor),
        timestamp: update.at,
        fields,
        footer: { text: footer },
      },
    ],
  };
}

export function channelRequest(input: RenderInput, channel: ChannelConfig): OutboundRequest {
  switch (channel.type) {
    case 'slack':
      return { url: targetOf(input.brand, channel), ...json(slackMessage(input)) };
    case 'teams':
      return { url: targetOf(input.brand, channel), ...json(teamsMessage(input)) };
    case 'discord':
      return { url: targetOf(input.brand, channel), ...json(discordMessage(input)) };
    case 'webhook':
      throw new Error('webhook channels are signed per delivery: see webhook.ts');
    default:
      // A platform account (x, facebook): its adapter shapes the post.
      return statusPostRequest(input, channel);
  }
}

const componentName = (brand: Brand, id: string) => brand.components.find((c) => c.id === id)?.name ?? id;
const escapeSlack = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
