/**
 * A console.error in a test is a bug somewhere, and so is an error the server
 * logs that the test did not expect (docs/SPEC.md, G2): either fails the test.
 * A test that provokes an error on purpose (a fault, a refused update) says
 * which events it expects with `expectLogErrors`; they are then allowed for
 * the rest of that test only.
 */
import { afterEach } from 'vitest';
import { observeLogs, type LogEntry } from '../../server/observability/log.js';

let errors: unknown[][] = [];
const original = console.error;
console.error = (...args: unknown[]) => {
  errors.push(args);
  original(...args);
};

let logged: LogEntry[] = [];
let expected = new Set<string>();
observeLogs((entry) => {
  if (entry.level === 'error') logged.push(entry);
});

/** Allows these server log errors (by event name) for the rest of the current test. */
export function expectLogErrors(...events: string[]): void {
  for (const e of events) expected.add(e);
}

afterEach(() => {
  const seen = errors;
  const unexpected = logged.filter((e) => !expected.has(e.event));
  errors = [];
  logged = [];
  expected = new Set();
  if (seen.length) throw new Error(`console.error was called: ${String(seen[0]?.[0]).slice(0, 200)}`);
  if (unexpected.length) {
    const events = [...new Set(unexpected.map((e) => e.event))].join(', ');
    throw new Error(`the server logged errors this test did not expect (expectLogErrors): ${events}; first: ${JSON.stringify(unexpected[0]).slice(0, 300)}`);
  }
});
