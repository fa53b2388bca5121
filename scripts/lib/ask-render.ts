import type { APIEmbed } from 'discord-api-types/v10';

/** The parts of a message payload worth showing in a terminal (what Discord would render). */
export interface ShownMessage {
  readonly content?: string;
  readonly embeds?: readonly APIEmbed[];
  readonly components?: readonly { readonly components?: readonly Record<string, unknown>[] }[];
  readonly flags?: number;
}

const EPHEMERAL = 64;

/** A message as plain text: content, each embed with its fields, then the buttons with their custom_ids. */
export function renderMessage(message: ShownMessage): string {
  const lines: string[] = [];
  if (((message.flags ?? 0) & EPHEMERAL) !== 0) lines.push('(only you can see this)');
  if (message.content) lines.push(message.content);
  for (const embed of message.embeds ?? []) lines.push(...renderEmbed(embed));
  const all = (message.components ?? []).flatMap((row) => row.components ?? []);
  const buttons = all.filter((c) => !Array.isArray(c.options));
  if (buttons.length > 0) {
    lines.push('', 'Buttons:');
    for (const button of buttons) {
      const label = String(button.label ?? button.placeholder ?? '?');
      const disabled = button.disabled ? ' (disabled)' : '';
      const target = button.url ? String(button.url) : `--click "${String(button.custom_id)}"`;
      lines.push(`  [${label}]${disabled}  ${target}`);
    }
  }
  for (const menu of all.filter((c) => Array.isArray(c.options))) lines.push(...renderMenu(menu));
  return lines.join('\n');
}

/** A select menu: each choice with the `--click … --select …` that makes it (the current one marked). */
function renderMenu(menu: Record<string, unknown>): string[] {
  const options = menu.options as { label?: string; value?: string; default?: boolean }[];
  const lines = ['', `Menu [${String(menu.placeholder ?? 'choose')}]:`];
  for (const option of options) {
    const current = option.default ? ' (shown)' : '';
    lines.push(
      `  ${String(option.label ?? option.value)}${current}  --click "${String(menu.custom_id)}" --select "${String(option.value)}"`,
    );
  }
  return lines;
}

function renderEmbed(embed: APIEmbed): string[] {
  const lines = [''];
  if (embed.author?.name) lines.push(embed.author.name);
  lines.push(`── ${embed.title ?? '(embed)'} ──`);
  if (embed.url) lines.push(embed.url);
  if (embed.description) lines.push(embed.description);
  for (const field of embed.fields ?? []) {
    lines.push(`  ${field.name}${field.inline ? ' (inline)' : ''}`);
    for (const valueLine of field.value.split('\n')) lines.push(`    ${valueLine}`);
  }
  if (embed.image?.url) lines.push(`  [image: ${embed.image.url}]`);
  if (embed.footer?.text) lines.push(`  — ${embed.footer.text}`);
  return lines;
}

/** One line per autocomplete choice: `name  →  value`. */
export function renderChoices(choices: readonly { name: string; value: unknown }[]): string {
  if (choices.length === 0) return '(no suggestions)';
  return choices.map((choice) => `  ${choice.name}  →  ${JSON.stringify(choice.value)}`).join('\n');
}
