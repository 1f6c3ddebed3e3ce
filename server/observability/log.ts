/**
 * One-line JSON logger. Callers pass ids and codes only: never names, e-mails,
 * note text or anything else about a child (docs/SPEC.md, L1).
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

let threshold = ORDER.info;
export function setLogLevel(level: Level | 'silent'): void {
  threshold = ORDER[level];
}

export interface LogEntry {
  level: Level;
  event: string;
  fields?: Record<string, unknown>;
}

/**
 * Listeners told of every warning and error whatever the level (the test
 * helpers fail a test on an error it did not expect, G2), synchronously.
 */
const observers = new Set<(entry: LogEntry) => void>();
export function observeLogs(observer: (entry: LogEntry) => void): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

function write(level: Level, event: string, fields?: Record<string, unknown>): void {
  if (observers.size && ORDER[level] >= ORDER.warn) for (const observe of observers) observe({ level, event, fields });
  if (ORDER[level] < threshold) return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, event, ...fields });
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');
}

export const log = {
  debug: (event: string, fields?: Record<string, unknown>) => write('debug', event, fields),
  info: (event: string, fields?: Record<string, unknown>) => write('info', event, fields),
  warn: (event: string, fields?: Record<string, unknown>) => write('warn', event, fields),
  error: (event: string, fields?: Record<string, unknown>) => write('error', event, fields),
};

/** An error's class and message, without stack (stacks may quote data). */
export function errorFields(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { err: err.name, msg: err.message.slice(0, 300) };
  return { err: String(err).slice(0, 300) };
}
