import type { ReadResult } from '../../stats/round.ts';

/**
 * Compares the agent's reading of a file with the Worker's reading of the same bytes. They run the same
 * reader, so a difference means an outdated agent or a bug worth reporting; the Worker's reading (from the
 * raw bytes) is what gets stored either way. Returns null when they agree, else the first difference.
 */
export function describeDisagreement(agent: unknown, worker: ReadResult): string | null {
  if (agent === null || agent === undefined) {
    return worker.ok ? 'the agent could not read the file but the Worker could' : null;
  }
  if (!worker.ok)
    return `the agent read the file but the Worker could not (line ${worker.line}: ${worker.reason})`;
  // The agent's copy went through JSON, so compare against the Worker's reading in the same form.
  const difference = firstDifference(JSON.parse(JSON.stringify(worker.round)), agent, 'parsed');
  return (
    difference &&
    `${difference.path}: agent ${show(difference.agent)}, Worker ${show(difference.worker)}`
  );
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function firstDifference(
  worker: unknown,
  agent: unknown,
  path: string,
): { path: string; worker: unknown; agent: unknown } | null {
  if (Object.is(worker, agent)) return null;
  if (
    typeof worker !== 'object' ||
    typeof agent !== 'object' ||
    worker === null ||
    agent === null ||
    Array.isArray(worker) !== Array.isArray(agent)
  ) {
    return { path, worker, agent };
  }
  if (Array.isArray(worker) && Array.isArray(agent) && worker.length !== agent.length) {
    return { path: `${path}.length`, worker: worker.length, agent: agent.length };
  }
  const w = worker as Record<string, unknown>;
  const a = agent as Record<string, unknown>;
  for (const key of new Set([...Object.keys(w), ...Object.keys(a)])) {
    const found = firstDifference(
      w[key],
      a[key],
      Array.isArray(worker) ? `${path}[${key}]` : `${path}.${key}`,
    );
    if (found) return found;
  }
  return null;
}
