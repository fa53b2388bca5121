/**
 * A database error that the same bytes would meet again on every retry, told from one that may pass
 * (a connection lost, a database restarting). PostgreSQL's SQLSTATE class 22 is "data exception": a
 * value it refuses (22021 a NUL in text, 22P05 `\u0000` in jsonb, 22003 a number out of range).
 */
const DATA_EXCEPTION_CLASS = '22';

/** The SQLSTATE of an error or of what it wraps (drizzle puts the driver's error in `cause`). */
export function sqlStateOf(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Object; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** True when the database refused a value: storing the same bytes again can never succeed. */
export function isDataException(error: unknown): boolean {
  return sqlStateOf(error)?.startsWith(DATA_EXCEPTION_CLASS) ?? false;
}

/**
 * One short line for a database error: the driver's own message, not drizzle's "Failed query: <sql>
 * params: <every parameter>" (a file's bytes are a parameter: kilobytes).
 */
export function shortDatabaseError(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const message = cause instanceof Error ? cause.message : String(cause);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the line is stored and shown as text
  const first = (message.split('\n')[0] ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  const state = sqlStateOf(error);
  const clipped = first.length > 200 ? `${first.slice(0, 199)}…` : first;
  return state ? `${clipped} (SQLSTATE ${state})` : clipped;
}
