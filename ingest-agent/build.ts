// Bundles the agent into one dependency-free file for game servers: `npx tsx ingest-agent/build.ts [outfile]`.
import { chmod, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_AGENT_BUNDLE = resolve(ROOT, 'dist/etstats-agent.mjs');

/**
 * Writes the agent (ingest-agent/cli.ts and all it imports: stats/ and ingest-protocol/) as one
 * executable ES module for Node >= 20.
 */
export async function buildAgent(
  outfile = DEFAULT_AGENT_BUNDLE,
): Promise<{ outfile: string; bytes: number }> {
  await build({
    entryPoints: [resolve(ROOT, 'ingest-agent/cli.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minify: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  await chmod(outfile, 0o755);
  return { outfile, bytes: (await stat(outfile)).size };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outfile, bytes } = await buildAgent(
    process.argv[2] ? resolve(process.argv[2]) : undefined,
  );
  process.stdout.write(`wrote ${outfile} (${(bytes / 1024).toFixed(0)} KiB)\n`);
}
