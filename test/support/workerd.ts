// Node only, tests: the real Worker (worker/index.ts) bundled by wrangler exactly as `npm run build` does,
// run in workerd through Miniflare. The bundle is cached in node_modules/.cache, keyed by a hash of its
// sources, so only the first test file after a change pays for the build (~1.5 s); startup is then ~0.5 s.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';
import { childrenNamed, reapOnExit } from '../../scripts/lib/processes.ts';

export interface TestWorker {
  /** Base URL workerd listens on (loopback). */
  readonly url: string;
  /** `fetch` against the Worker; `path` is relative to its URL. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /**
   * Runs the Worker's scheduled handler (default: the first cron in wrangler.toml) as if fired `at`
   * (default: now); throws unless it succeeds.
   */
  scheduled(cron?: string, at?: Date): Promise<void>;
  stop(): Promise<void>;
}

interface ModuleRule {
  type:
    | 'ESModule'
    | 'CommonJS'
    | 'Text'
    | 'Data'
    | 'CompiledWasm'
    | 'PythonModule'
    | 'PythonRequirement';
  include: string[];
  fallthrough?: boolean;
}

/** What a build leaves in its cache folder besides the bundle: the settings wrangler.toml gives the Worker. */
interface BuildInfo {
  compatibilityDate: string;
  compatibilityFlags: string[];
  modulesRules: ModuleRule[];
  vars: Record<string, string>;
  crons: string[];
  /** The version metadata binding's name (wrangler.toml `[version_metadata]`), as on Cloudflare. */
  versionMetadata?: string | undefined;
  /** Top-level folders of the repo the bundle drew sources from (hashed for the next cache key). */
  sourceDirs: string[];
}

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.cache', 'etstats-workerd');
const DEFAULT_SOURCE_DIRS = ['worker', 'ingest-protocol', 'schema', 'stats'];
// Binary files a module may import as bytes (chart fonts), on top of wrangler's own rules.
const EXTRA_RULES: ModuleRule[] = [
  { type: 'Data', include: ['**/*.ttf', '**/*.otf', '**/*.woff'] },
];

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && !/\.test\.[cm]?[jt]s$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Hash of everything the bundle can depend on: its source folders, wrangler.toml and the lock file. */
async function sourceKey(sourceDirs: string[]): Promise<string> {
  const files = [join(ROOT, 'wrangler.toml'), join(ROOT, 'package-lock.json')];
  for (const dir of sourceDirs) files.push(...(await listFiles(join(ROOT, dir))));
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    hash.update(relative(ROOT, file)).update('\0');
    hash.update(await readFile(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 24);
}

function topLevelDirs(metafile: { inputs: Record<string, unknown> }): string[] {
  const dirs = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const [first, ...rest] = input.split(/[\\/]/);
    if (
      first &&
      rest.length > 0 &&
      first !== 'node_modules' &&
      !first.startsWith('.') &&
      !input.includes(':')
    )
      dirs.add(first);
  }
  return [...dirs].sort();
}

async function workerSettings(): Promise<Omit<BuildInfo, 'sourceDirs'>> {
  const wrangler = await import('wrangler');
  const configPath = join(ROOT, 'wrangler.toml');
  const { workerOptions } = wrangler.unstable_getMiniflareWorkerOptions(configPath);
  const config = wrangler.unstable_readConfig({ config: configPath });
  return {
    compatibilityDate: workerOptions.compatibilityDate ?? config.compatibility_date ?? '2026-04-01',
    compatibilityFlags: workerOptions.compatibilityFlags ?? [],
    modulesRules: (workerOptions.modulesRules ?? []) as ModuleRule[],
    vars: Object.fromEntries(
      Object.entries(workerOptions.bindings ?? {}).map(([k, v]) => [k, String(v)]),
    ),
    crons: config.triggers?.crons ?? [],
    versionMetadata: workerOptions.versionMetadata,
  };
}

async function build(): Promise<{ dir: string; info: BuildInfo }> {
  await mkdir(CACHE, { recursive: true });
  const latest = JSON.parse(
    await readFile(join(CACHE, 'latest.json'), 'utf8').catch(() => '{}'),
  ) as { sourceDirs?: string[] };
  const key = await sourceKey(latest.sourceDirs ?? DEFAULT_SOURCE_DIRS);
  const cached = join(CACHE, key);
  const info = await readFile(join(cached, 'build.json'), 'utf8').catch(() => undefined);
  if (info) return { dir: join(cached, 'out'), info: JSON.parse(info) as BuildInfo };

  const staging = await mkdtemp(join(CACHE, 'staging-'));
  const out = join(staging, 'out');
  const metafile = join(staging, 'meta.json');
  const env = {
    ...process.env,
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    NO_COLOR: '1',
  };
  const wranglerBin = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
  try {
    await run(
      process.execPath,
      [wranglerBin, 'deploy', '--dry-run', '--outdir', out, '--metafile', metafile],
      { cwd: ROOT, env },
    );
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`Bundling the Worker with wrangler failed:\n${stderr || ''}${stdout || ''}`);
  }
  const sourceDirs = topLevelDirs(JSON.parse(await readFile(metafile, 'utf8')));
  const built: BuildInfo = { ...(await workerSettings()), sourceDirs };
  await writeFile(join(staging, 'build.json'), JSON.stringify(built, null, 2));
  const finalKey = await sourceKey(sourceDirs);
  const target = join(CACHE, finalKey);
  // Several test files may build at once: the first to arrive wins, the others use its copy.
  await rename(staging, target).catch(() => rm(staging, { recursive: true, force: true }));
  await writeFile(join(CACHE, 'latest.json'), JSON.stringify({ sourceDirs }));
  await pruneCache(finalKey);
  return { dir: join(target, 'out'), info: built };
}

/** Drops builds of older sources; the newest few stay for test files still running against them. */
async function pruneCache(keep: string): Promise<void> {
  const entries = await readdir(CACHE, { withFileTypes: true });
  const builds = await Promise.all(
    entries
      .filter(
        (entry) => entry.isDirectory() && entry.name !== keep && !entry.name.startsWith('staging-'),
      )
      .map(async (entry) => ({
        path: join(CACHE, entry.name),
        mtime: (await stat(join(CACHE, entry.name))).mtimeMs,
      })),
  );
  const stale = builds.sort((a, b) => b.mtime - a.mtime).slice(3);
  await Promise.all(stale.map((build) => rm(build.path, { recursive: true, force: true })));
}

let building: Promise<{ dir: string; info: BuildInfo }> | undefined;

/** The bundled Worker for the current sources (built at most once per process, and cached across runs). */
export function workerBuild(): Promise<{ dir: string; info: BuildInfo }> {
  building ??= build().catch((error) => {
    building = undefined;
    throw error;
  });
  return building;
}

/** Starts the Worker in workerd with wrangler.toml's settings and vars, overridden by `bindings`. */
export async function startWorker(options: {
  bindings: Record<string, string>;
}): Promise<TestWorker> {
  const { dir, info } = await workerBuild();
  const before = new Set(childrenNamed('workerd'));
  const mf = new Miniflare({
    name: 'etstats',
    scriptPath: join(dir, 'index.js'),
    modules: true,
    modulesRoot: dir,
    modulesRules: [
      { type: 'ESModule', include: ['**/*.js'] },
      ...info.modulesRules,
      ...EXTRA_RULES,
    ],
    compatibilityDate: info.compatibilityDate,
    compatibilityFlags: info.compatibilityFlags,
    bindings: { ...info.vars, ...options.bindings },
    ...(info.versionMetadata ? { versionMetadata: info.versionMetadata } : {}),
    host: '127.0.0.1',
    port: 0,
  });
  const url = (await mf.ready).toString().replace(/\/$/, '');
  // Miniflare stops workerd on exit, SIGINT and SIGTERM; the reaper covers SIGHUP and SIGKILL.
  const reaper = reapOnExit(childrenNamed('workerd').filter((pid) => !before.has(pid)));
  return {
    url,
    fetch: (path, init) => fetch(new URL(path, `${url}/`), init),
    scheduled: async (cron, at) => {
      const worker = await mf.getWorker();
      const result = await worker.scheduled({
        cron: cron ?? info.crons[0] ?? '* * * * *',
        scheduledTime: at ?? new Date(),
      });
      if (result.outcome !== 'ok')
        throw new Error(`The Worker's scheduled handler ended with outcome "${result.outcome}".`);
    },
    stop: async () => {
      await mf.dispose();
      reaper.release();
    },
  };
}
