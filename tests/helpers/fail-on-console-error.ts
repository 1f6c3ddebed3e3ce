// A console.error in a test is a bug somewhere: make it fail the test.
import { afterEach } from 'vitest';

let errors: unknown[][] = [];
const original = console.error;
console.error = (...args: unknown[]) => {
  errors.push(args);
  original(...args);
};
afterEach(() => {
  const seen = errors;
  errors = [];
  if (seen.length) throw new Error(`console.error was called: ${String(seen[0]?.[0]).slice(0, 200)}`);
});
