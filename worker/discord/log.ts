/** Structured logging passed in by the edge; the default writes one JSON line (what Workers Logs indexes). */
export type Log = (
  level: 'error' | 'warn' | 'info',
  event: string,
  fields?: Readonly<Record<string, unknown>>,
) => void;

export const consoleLog: Log = (level, event, fields = {}) => {
  const line = JSON.stringify({ level, event, ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
};

/** An error as loggable fields: message and the first lines of the stack. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error)
    return {
      error: error.message,
      name: error.name,
      stack: error.stack?.split('\n').slice(0, 6).join('\n'),
    };
  return { error: String(error) };
}
