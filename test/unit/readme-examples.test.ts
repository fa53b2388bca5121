// Every `npm run ask` example of the README, run as written against the local stack (the deployed bundle
// in workerd, the sample corpus, the Discord stand-in), in order: each must answer with data, not with an
// error, a "no match" or a list to pick from.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../worker/commands/index.ts';
import { runAsk } from '../../scripts/lib/ask-run.ts';
import { DEFAULT_APPLICATION_ID } from '../../scripts/dev/discord-keys.ts';
import { type LocalStack, startLocalStack } from '../support/local-stack.ts';

const README = new URL('../../README.md', import.meta.url);
const definitions = commands.map((command) => command.definition);
/** What an answer that failed the reader says. */
const FAILURES = [
  /no player matches/i,
  /several players match/i,
  /is not a/i,
  /not linked/i,
  /could not/i,
  /went wrong/i,
  /error id/i,
];

/** `npm run ask -- "…" --flag value` lines of the README's code blocks, split as a shell would. */
async function examples(): Promise<string[][]> {
  const text = await readFile(README, 'utf8');
  return [...text.matchAll(/^npm run ask -- (.+?)(?:\s+#.*)?$/gm)].map((m) =>
    [...(m[1] as string).matchAll(/"([^"]*)"|(\S+)/g)].map((t) => (t[1] ?? t[2]) as string),
  );
}

let stack: LocalStack;
let dir: string;
beforeAll(async () => {
  stack = await startLocalStack();
  dir = await mkdtemp(join(tmpdir(), 'readme-ask-'));
  await writeFile(
    join(dir, 'local.json'),
    JSON.stringify({
      workerUrl: stack.worker.url,
      discordPublicKey: stack.keys.publicKeyHex,
      discordPrivateKey: stack.keys.privateKeyPkcs8Base64,
      fakeDiscordUrl: stack.discord.url,
      applicationId: DEFAULT_APPLICATION_ID,
    }),
  );
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the README's npm run ask examples, on the sample corpus", () => {
  it('all answer with data', async () => {
    const all = await examples();
    expect(all.length).toBeGreaterThanOrEqual(5);
    const problems: string[] = [];
    for (const argv of all) {
      const out: string[] = [];
      const code = await runAsk([...argv, '--config', 'local.json'], definitions, {
        out: (line) => out.push(line),
        err: (line) => out.push(line),
        cwd: dir,
      });
      const text = out.join('\n');
      const failed = FAILURES.find((pattern) => pattern.test(text));
      if (code !== 0 || failed || text.trim().length < 40)
        problems.push(`${argv.join(' ')} → exit ${code}: ${text.slice(0, 300)}`);
    }
    expect(problems).toEqual([]);
  }, 180_000);
});
