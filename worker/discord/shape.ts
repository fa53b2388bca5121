import { InteractionType } from 'discord-api-types/v10';

/**
 * Why a signed interaction cannot be dispatched as it is (null when it can). A valid signature proves
 * the body came from Discord's key, not that it has the shape the types promise: a body without `data`,
 * with `options` that is not a list or a role list that is a string must be answered, never crash the
 * dispatcher (Discord shows a 5xx as "This interaction failed" and retries nothing).
 */
export function malformedInteraction(interaction: Record<string, unknown>): string | null {
  if (interaction.type === InteractionType.Ping) return null;
  if (!isText(interaction.id)) return 'it has no id';
  for (const key of ['token', 'application_id'] as const)
    if (interaction[key] !== undefined && typeof interaction[key] !== 'string')
      return `its ${key} is not text`;
  const where = callerProblem(interaction);
  if (where) return where;
  const data = interaction.data;
  if (!isRecord(data)) return 'it has no data';
  switch (interaction.type) {
    case InteractionType.ApplicationCommand:
    case InteractionType.ApplicationCommandAutocomplete:
      if (!isText(data.name)) return 'its command has no name';
      if (typeof data.type !== 'number') return 'its command has no type';
      return optionsProblem(data.options, 0);
    case InteractionType.MessageComponent:
      if (typeof data.custom_id !== 'string') return 'its component has no custom id';
      if (data.values !== undefined && !isTextList(data.values))
        return 'its component values are not a list of text';
      return null;
    default:
      return null;
  }
}

const MAX_DEPTH = 3;

function optionsProblem(options: unknown, depth: number): string | null {
  if (options === undefined) return null;
  if (!Array.isArray(options)) return 'its options are not a list';
  if (depth >= MAX_DEPTH) return 'its options are nested too deep';
  for (const option of options) {
    if (!isRecord(option) || !isText(option.name) || typeof option.type !== 'number')
      return 'an option has no name or type';
    const value = option.value;
    if (
      value !== undefined &&
      typeof value !== 'string' &&
      typeof value !== 'number' &&
      typeof value !== 'boolean'
    )
      return `option "${option.name.slice(0, 32)}" has a value of no option type`;
    if (option.focused !== undefined && typeof option.focused !== 'boolean')
      return `option "${option.name.slice(0, 32)}" has a focus that is not true or false`;
    const nested = optionsProblem(option.options, depth + 1);
    if (nested) return nested;
  }
  return null;
}

function callerProblem(interaction: Record<string, unknown>): string | null {
  const { member, user } = interaction;
  if (member !== undefined && member !== null) {
    if (!isRecord(member)) return 'its member is not an object';
    if (member.roles !== undefined && !isTextList(member.roles))
      return 'its member roles are not a list of ids';
    if (member.permissions !== undefined && typeof member.permissions !== 'string')
      return 'its member permissions are not text';
    if (member.user !== undefined && !isUser(member.user)) return 'its member has no user id';
  }
  if (user !== undefined && user !== null && !isUser(user)) return 'its user has no id';
  for (const key of ['guild_id', 'channel_id', 'locale'] as const) {
    const value = interaction[key];
    if (value !== undefined && value !== null && typeof value !== 'string')
      return `its ${key} is not text`;
  }
  const channel = interaction.channel;
  if (channel !== undefined && channel !== null && !(isRecord(channel) && isText(channel.id)))
    return 'its channel has no id';
  return null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
const isTextList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string');
const isUser = (value: unknown) =>
  isRecord(value) &&
  isText(value.id) &&
  (value.username === undefined || typeof value.username === 'string');
