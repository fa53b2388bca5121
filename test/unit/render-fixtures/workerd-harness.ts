import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';

const ENTRY = fileURLToPath(new URL('./workerd-entry.ts', import.meta.url));
const WRANGLER = fileURLToPath(
  new URL('../../../node_modules/wrangler/bin/wrangler.js', import.meta.url),
);

/**
 * The module rules the real wrangler.toml needs for the renderer: `.wasm` is CompiledWasm by
 * wrangler's defaults; `.woff` fonts must be declared as Data.
 */
export const WRANGLER_RULES = `[[rules]]
type = "Data"
globs = ["**/*.woff"]
fallthrough = true
`;

export interface RenderWorker {
  /** Renders in workerd; `timesMs` is each repetition as measured inside the Worker. */
  render(
    chart: string,
    input: unknown,
    repeat?: number,
  ): Promise<{ png: Uint8Array; timesMs: number[] }>;
  dispose(): Promise<void>;
}

/**
 * Bundles the test entry exactly as a deploy would (`wrangler deploy --dry-run` with the rules above)
 * and runs the bundle in real workerd through Miniflare.
 */
export async function startRenderWorker(): Promise<RenderWorker> {
  const dir = await mkdtemp(join(tmpdir(), 'etstats-render-'));
  const out = join(dir, 'out');
  await writeFile(
    join(dir, 'wrangler.toml'),
    `name = "render-test"\nmain = ${JSON.stringify(ENTRY)}\ncompatibility_date = "2026-04-01"\ncompatibility_flags = ["nodejs_compat"]\n\n${WRANGLER_RULES}`,
  );
  try {
    await promisify(execFile)(
      process.execPath,
      [WRANGLER, 'deploy', '--dry-run', '--outdir', out, '-c', join(dir, 'wrangler.toml')],
      {
        cwd: dir,
        env: {
          ...process.env,
          WRANGLER_SEND_METRICS: 'false',
          CLOUDFLARE_CF_FETCH_ENABLED: 'false',
          NO_COLOR: '1',
        },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    const detail = error as { stdout?: string; stderr?: string };
    throw new Error(
      `wrangler could not bundle the render entry:\n${detail.stderr ?? ''}${detail.stdout ?? ''}`,
    );
  }
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(out, 'workerd-entry.js'),
    modulesRoot: out,
    modulesRules: [
      { type: 'CompiledWasm', include: ['**/*.wasm'] },
      { type: 'Data', include: ['**/*.woff'] },
    ],
    compatibilityDate: '2026-04-01',
    compatibilityFlags: ['nodejs_compat'],
  });
  return {
    async render(chart, input, repeat = 1) {
      const response = await mf.dispatchFetch('http://render.test/', {
        method: 'POST',
        body: JSON.stringify({ chart, input, repeat }),
      });
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (response.status !== 200)
        throw new Error(`workerd answered ${response.status}: ${new TextDecoder().decode(bytes)}`);
      const timesMs = (response.headers.get('x-render-ms') ?? '').split(',').map(Number);
      return { png: bytes, timesMs };
    },
    async dispose() {
      await mf.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
