import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import {
  type Actor,
  autocompleteInteraction,
  componentInteraction,
  importDiscordPrivateKey,
  signedInteractionInit,
  slashCommandInteraction,
} from '../dev/discord-keys.ts';
import { parseAskedCommand } from './ask-parse.ts';
import { renderChoices, renderMessage, type ShownMessage } from './ask-render.ts';
import { DEFAULT_LOCAL_CONFIG, type LocalConfig, readLocalConfig } from './local-config.ts';

export const ASK_USAGE = `usage: npm run ask -- "/stats player:olz period:30d" [options]
  --autocomplete        ask for suggestions for the last option given (or --focus NAME)
  --click CUSTOM_ID     press a button (ids are printed under each message)
  --click CUSTOM_ID --select VALUE   choose in a select menu (repeat --select for several values)
  --user ID  --roles ID,ID  --guild ID  --dm     who asks, and where
  --out DIR             where attachments go (default .data/ask-out)
  --config PATH         the local stack's details (default .data/local.json)
  --timeout SECONDS     how long to wait for a deferred answer (default 60)`;

export interface AskIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly fetch?: typeof fetch;
  /** Base for relative --out and --config paths; default process.cwd(). */
  readonly cwd?: string;
}

interface RecordedView {
  kind: string;
  status: number;
  payload: ShownMessage | null;
  files: { name: string; size: number; data: string }[];
}

/**
 * `npm run ask`: sends one signed interaction to the local Worker as Discord would and prints the answer;
 * a deferred answer is read back from the fake Discord, with its attachments saved to a folder.
 */
export async function runAsk(
  argv: readonly string[],
  definitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[],
  io: AskIo,
): Promise<number> {
  const doFetch = io.fetch ?? fetch;
  const cwd = io.cwd ?? process.cwd();
  let parsed: ReturnType<typeof parseAskArgs>;
  try {
    parsed = parseAskArgs(argv);
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${ASK_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(ASK_USAGE);
    return 0;
  }
  const timeoutSeconds = Number(values.timeout ?? '60');
  if (!(timeoutSeconds > 0)) {
    io.err(`--timeout must be a positive number of seconds, got "${values.timeout}"`);
    return 2;
  }
  const read = await readLocalConfig(resolve(cwd, values.config ?? DEFAULT_LOCAL_CONFIG));
  if (!read.ok) {
    io.err(read.reason);
    return 1;
  }
  const config = read.config;
  const actor: Actor = {
    applicationId: config.applicationId,
    token: `ask-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    ...(values.user ? { userId: values.user } : {}),
    ...(values.roles ? { roles: values.roles.split(',').filter(Boolean) } : {}),
    ...(values.dm ? { guildId: null } : values.guild ? { guildId: values.guild } : {}),
  };

  let interaction: object;
  if (values.select && !values.click) {
    io.err(
      '--select needs the menu: --click "CUSTOM_ID" --select VALUE (both are printed under each message)',
    );
    return 2;
  }
  if (values.click) {
    interaction = componentInteraction(
      values.click,
      values.select ? { ...actor, values: values.select } : actor,
    );
  } else {
    const line = positionals.length === 1 ? positionals[0]! : positionals;
    const command = parseAskedCommand(
      line,
      definitions,
      values.autocomplete ? { ...(values.focus ? { focus: values.focus } : {}) } : null,
    );
    if (!command.ok) {
      io.err(command.reason);
      return 2;
    }
    interaction = values.autocomplete
      ? autocompleteInteraction(command.command.name, command.command.options, actor)
      : slashCommandInteraction(command.command.name, command.command.options, actor);
  }

  const privateKey = await importDiscordPrivateKey(config.discordPrivateKey);
  const init = await signedInteractionInit(privateKey, interaction);
  let response: Response;
  try {
    response = await doFetch(`${config.workerUrl.replace(/\/+$/, '')}/interactions`, init);
  } catch (error) {
    io.err(
      `Could not reach the local Worker at ${config.workerUrl}: ${error instanceof Error ? error.message : String(error)} (is \`npm start\` running?)`,
    );
    return 1;
  }
  const text = await response.text();
  if (response.status !== 200) {
    io.err(`The Worker answered ${response.status}: ${text.slice(0, 500)}`);
    return 1;
  }
  const answer = JSON.parse(text) as { type: number; data?: Record<string, unknown> };
  const timeoutMs = timeoutSeconds * 1000;
  switch (answer.type) {
    case 1:
      io.out('PONG');
      return 0;
    case 4:
      io.out(renderMessage((answer.data ?? {}) as ShownMessage));
      return 0;
    case 7:
      io.out('(the message was updated in place)');
      io.out(renderMessage((answer.data ?? {}) as ShownMessage));
      return 0;
    case 8:
      io.out(renderChoices((answer.data?.choices ?? []) as { name: string; value: unknown }[]));
      return 0;
    case 5:
    case 6: {
      io.out(answer.type === 5 ? '(thinking…)' : '(acknowledged; waiting for the edit…)');
      const delivered = await waitForDelivery(doFetch, config, actor.token!, timeoutMs);
      if (!delivered) {
        io.err(
          `No answer reached the fake Discord within ${timeoutMs / 1000} s (see the Worker's log).`,
        );
        return 1;
      }
      io.out(renderMessage(delivered.payload ?? {}));
      await saveFiles(delivered, resolve(cwd, values.out ?? '.data/ask-out'), io);
      return 0;
    }
    default:
      io.out(JSON.stringify(answer, null, 2));
      return 0;
  }
}

function parseAskArgs(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      autocomplete: { type: 'boolean' },
      focus: { type: 'string' },
      click: { type: 'string' },
      select: { type: 'string', multiple: true },
      user: { type: 'string' },
      roles: { type: 'string' },
      guild: { type: 'string' },
      dm: { type: 'boolean' },
      out: { type: 'string' },
      config: { type: 'string' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** Polls the fake Discord for the edit or follow-up that finishes this interaction. */
async function waitForDelivery(
  doFetch: typeof fetch,
  config: LocalConfig,
  token: string,
  timeoutMs: number,
): Promise<RecordedView | null> {
  const root = config.fakeDiscordUrl.replace(/\/+$/, '').replace(/\/api\/v\d+$/, '');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await doFetch(`${root}/__recorded?token=${encodeURIComponent(token)}`);
    const { requests } = (await response.json()) as { requests: RecordedView[] };
    const done = requests.find(
      (r) =>
        (r.kind === 'editOriginal' || r.kind === 'followup') && r.status >= 200 && r.status < 300,
    );
    if (done) return done;
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 150));
  }
  return null;
}

async function saveFiles(delivered: RecordedView, dir: string, io: AskIo): Promise<void> {
  if (delivered.files.length === 0) return;
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  io.out('\nAttachments:');
  for (const file of delivered.files) {
    const safeName = file.name.replace(/[^\w.-]/g, '_');
    const path = join(dir, `${stamp}-${safeName}`);
    await writeFile(path, Buffer.from(file.data, 'base64'));
    io.out(`  ${path}  (${file.size} bytes)`);
  }
}
