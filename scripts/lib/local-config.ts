import { readFile } from 'node:fs/promises';

/** What `npm start` writes to `.data/local.json` so `npm run ask` can reach the local stack. */
export interface LocalConfig {
  readonly workerUrl: string;
  /** Hex; the Worker's DISCORD_PUBLIC_KEY. */
  readonly discordPublicKey: string;
  /** Base64 PKCS#8 Ed25519 private key matching discordPublicKey. */
  readonly discordPrivateKey: string;
  /** Root URL of the fake Discord (its GET /__recorded lists what the Worker sent). */
  readonly fakeDiscordUrl: string;
  readonly applicationId: string;
}

export const DEFAULT_LOCAL_CONFIG = '.data/local.json';

export async function readLocalConfig(
  path: string,
): Promise<{ ok: true; config: LocalConfig } | { ok: false; reason: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return {
      ok: false,
      reason: `${path} not found: start the local stack first with \`npm start\` (it writes this file)`,
    };
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: `${path} is not JSON` };
  }
  for (const key of [
    'workerUrl',
    'discordPublicKey',
    'discordPrivateKey',
    'fakeDiscordUrl',
    'applicationId',
  ] as const) {
    if (typeof json[key] !== 'string' || json[key] === '')
      return { ok: false, reason: `${path}: "${key}" is missing (restart \`npm start\`)` };
  }
  return { ok: true, config: json as unknown as LocalConfig };
}
