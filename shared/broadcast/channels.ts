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
  /** A platform post's thread: the remote id of the incident's first post on this channel (deliveries.threadRoot). */
  replyTo?: string;
}

const lang = (brand: Brand) => brand.languages[0] ?? 'en';

/**
 * An update as a post on the brand's own platform account (X, a Facebook page): worded here in the
 * brand's first language, shaped by the platform's adapter (its length limit, API and token).
 */
export function statusPostRequest({ update, brand, env, replyTo }: RenderInput, channel: ChannelConfig): OutboundRequest {
  const post = platformAdapters[channel.type]?.statusPost;
  if (!post) throw new Error(`channel ${brand.id}/${channel.id}: ${channel.type} takes no status posts`);
  const l = lang(brand);
  return post({ account: targetOf(brand, channel), headline: headline(update, l), message: messageIn(update, l), link: incidentUrl(env.publicUrl, update), replyTo }, env.platforms);
}

/**
 * Slack incoming webhook: `text` is the notification fallback, blocks are what people see. Names
 * and messages are text: in mrkdwn (the fallback, the context line) `&`, `<`, `>` are escaped as
 * Slack documents ("Escaping text"), so `<app>` never reads as a link or `<!channel>` as a ping;
 * the message and components are `plain_text` sections, where `*beta*` stays `*beta*`.
 */
export function slackMessage({ update, brand, env }: RenderInput) {
  const l = lang(brand);
  const components = Object.entries(update.components).map(([id, s]) => `• ${componentName(brand, id)}: ${label(l, s)}`);
  return {
    text: clipEscaped(headline(update, l), 3000, escapeSlack),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(headline(update, l), 150), emoji: true } },
      { type: 'section', text: { type: 'plain_text', text: clip(messageIn(update, l), 3000), emoji: true } },
      ...(components.length ? [{ type: 'section', text: { type: 'plain_text', text: clip(components.join('\n'), 3000), emoji: true } }] : []),
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `${escapeSlack(brand.name)} · impact ${update.impact} · <${incidentUrl(env.publicUrl, update)}|status page>` }],
      },
    ],
  };
}

/** Teams workflow ("When a Teams webhook request is received") takes a message with an Adaptive Card. */
export function teamsMessage({ update, brand, env }: RenderInput) {
  const l = lang(brand);
  const facts = Object.entries(update.components).map(([id, s]) => ({ title: escapeMarkdown(componentName(brand, id)), value: escapeMarkdown(label(l, s)) }));
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
            // TextBlock and facts are a Markdown subset: names and messages go in escaped.
            { type: 'TextBlock', text: clipEscaped(headline(update, l), 4000, escapeMarkdown), weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'TextBlock', text: escapeMarkdown(messageIn(update, l)), wrap: true },
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
  // Title, description and fields render Markdown: names are escaped there; the footer shows text as is.
  const title = clipEscaped(headline(update, l), DISCORD.title, escapeMarkdown);
  const footer = clip(brand.name, 100);
  const fields = Object.entries(update.components)
    .slice(0, DISCORD.fields)
    .map(([id, s]) => ({ name: clipEscaped(componentName(brand, id), 100, escapeMarkdown), value: clipEscaped(label(l, s), 100, escapeMarkdown), inline: true }));
  const fixed = title.length + footer.length + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  // The description takes what the 6000-character total leaves, never more than its own 4096.
  const description = clipEscaped(messageIn(update, l), Math.min(DISCORD.description, DISCORD.total - fixed - 10), escapeMarkdown);
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
/** Slack's escaping of text in mrkdwn and `text`: only these three, and `&` first. */
export const escapeSlack = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Text in Markdown (Discord, Teams cards): a backslash before every character that could format,
 * link, quote, mention or start a heading or list (`*beta*`, `_x_`, `<@id>`, `[a](b)`, `# h`, `- a`,
 * `1. a`); CommonMark and Discord take a backslash before ASCII punctuation as that character, so
 * the reader sees the text unchanged.
 */
export const escapeMarkdown = (s: string) =>
  s
    .replace(/[\\`*_~|<>[\]()#&@]/g, '\\$&')
    .replace(/^(\s*)([-+=])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');

/** Clips before escaping, so a cut never splits an escape (`&am…`, a lone backslash), and the escaped text within `max`. */
function clipEscaped(text: string, max: number, escape: (s: string) => string): string {
  for (let limit = max; ; ) {
    const out = escape(clip(text, limit));
    if (out.length <= max || limit <= 1) return out;
    limit -= out.length - max;
  }
}
