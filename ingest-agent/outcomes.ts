/**
 * What the Worker holds for each file the agent delivered, from the ledger's answers: what `status`
 * reports. One file name is one round on the Worker, so the latest answer for a name decides, and a
 * duplicate changes nothing: the name keeps the state it had.
 */
import type { DeliveryRecord } from './spool.ts';

export type FileState =
  /** Imported, a companion kept, or a duplicate of one of those. */
  | { readonly kind: 'ok' }
  /** The Worker could not read it: kept in quarantine (a failure for `status`). */
  | { readonly kind: 'quarantined'; readonly reason: string }
  /** Another copy of this name, with other content, was stored before (a warning for `status`). */
  | { readonly kind: 'conflict'; readonly reason: string };

export interface FileOutcome {
  readonly file: string;
  /** The delivery that decided the state (an admin acknowledges it by this hash). */
  readonly sha256: string;
  readonly at: string;
  readonly state: FileState;
}

const OK: FileState = { kind: 'ok' };

function describeUnreadable(response: Record<string, unknown>): string | null {
  return typeof response.reason === 'string'
    ? typeof response.line === 'number'
      ? `line ${response.line}: ${response.reason}`
      : response.reason
    : null;
}

/** The state one answer leaves a file name in; `before` is the name's state from earlier answers. */
function stateAfter(response: Record<string, unknown>, before: FileState | undefined): FileState {
  switch (response.status) {
    case 'quarantined':
      return { kind: 'quarantined', reason: describeUnreadable(response) ?? 'unreadable' };
    case 'conflict': {
      const unreadable = describeUnreadable(response);
      const keptThis = response.keptFileId === response.fileId;
      // The Worker reads a round from a readable copy when it has one: keeping this unreadable copy
      // means no copy of the name reads, and the round waits in quarantine.
      if (keptThis && unreadable)
        return {
          kind: 'quarantined',
          reason: `no copy of this name reads (the Worker keeps this one): ${unreadable}`,
        };
      const kept = typeof response.keptFileId === 'number' ? ` (file ${response.keptFileId})` : '';
      return {
        kind: 'conflict',
        reason:
          'other content than a copy of this name sent before; the round is read from ' +
          (keptThis ? 'this copy' : `the other copy${kept}`) +
          (unreadable ? `; this copy is unreadable: ${unreadable}` : ''),
      };
    }
    case 'duplicate':
      if (before) return before;
      // This spool has no earlier answer for the name (it was started afresh): the Worker's tells.
      if (response.previous === 'quarantined')
        return { kind: 'quarantined', reason: 'sent before and kept in quarantine' };
      if (response.previous === 'conflict')
        return {
          kind: 'conflict',
          reason: 'sent before as a copy conflicting with another of this name',
        };
      return OK;
    default:
      return OK; // imported, companion, or an answer this agent does not know yet
  }
}

/**
 * Per file name, the state its deliveries leave it in (in ledger order), and the last delivery the
 * Worker could read (the last success): never a quarantined or unreadable copy.
 */
export function fileOutcomes(records: readonly DeliveryRecord[]): {
  readonly byFile: ReadonlyMap<string, FileOutcome>;
  readonly lastSuccess: (DeliveryRecord & { readonly state: FileState }) | null;
} {
  const byFile = new Map<string, FileOutcome>();
  let lastSuccess: (DeliveryRecord & { state: FileState }) | null = null;
  for (const record of records) {
    const before = byFile.get(record.fileName);
    const response = record.response ?? {};
    const state = stateAfter(response, before?.state);
    // A duplicate leaves the name as it was: the delivery that decided its state stays the one named.
    if (!(before && response.status === 'duplicate'))
      byFile.set(record.fileName, {
        file: record.fileName,
        sha256: record.sha256,
        at: record.deliveredAt,
        state,
      });
    // A copy the Worker could not read is no success, even when another copy of its name reads.
    if (state.kind !== 'quarantined' && !describeUnreadable(response))
      lastSuccess = { ...record, state };
  }
  return { byFile, lastSuccess };
}
