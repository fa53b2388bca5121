// Node only: where the shared sample corpus is (`../shared/corpus` beside the project, as the team's
// machines lay it out), for the tests and for the first `npm start`.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT = fileURLToPath(new URL('../..', import.meta.url));

/** The checkout this one was cloned from, when it is a folder on this machine (`git clone . /tmp/x`). */
function originCheckout(project: string): string | null {
  try {
    const url = execFileSync('git', ['-C', project, 'config', '--get', 'remote.origin.url'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const path = url.startsWith('file://') ? fileURLToPath(url) : url;
    return isAbsolute(path) && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/**
 * The corpus folder (holding `stats/` and `truth.json`): ETSTATS_CORPUS_DIR when set; else `../shared/corpus`
 * beside this checkout; else beside the checkout it was cloned from. Null when there is none.
 */
export function findSharedCorpus(
  options: { env?: NodeJS.ProcessEnv; project?: string } = {},
): string | null {
  const { env = process.env, project = PROJECT } = options;
  if (env.ETSTATS_CORPUS_DIR) return env.ETSTATS_CORPUS_DIR;
  const candidates = [join(dirname(resolve(project)), 'shared', 'corpus')];
  const origin = originCheckout(project);
  if (origin) candidates.push(join(dirname(resolve(origin)), 'shared', 'corpus'));
  return candidates.find((dir) => existsSync(join(dir, 'truth.json'))) ?? null;
}
