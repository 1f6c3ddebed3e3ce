/** Command-line options of the single-purpose bench scripts (`--name=value`, `--flag`); bench/run.ts has its own table. */
const given = (name: string): string | undefined => {
  const prefix = `--${name}`;
  const arg = process.argv.slice(2).find((a) => a === prefix || a.startsWith(`${prefix}=`));
  return arg === undefined ? undefined : arg.slice(prefix.length + 1);
};

/** `--name=N` as a number, or `fallback` when it is not given. */
export const numberArg = (name: string, fallback: number): number => {
  const value = given(name);
  return value ? Number(value) : fallback;
};

/** `--name=text`, or undefined. */
export const textArg = (name: string): string | undefined => given(name) || undefined;

/** Whether `--name` was given. */
export const flagArg = (name: string): boolean => given(name) !== undefined;
