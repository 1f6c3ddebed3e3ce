import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('config', () => {
  it('[O3] defaults give a working development setup with an embedded database', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ NODE_ENV: 'development', PORT: 3000, DATA_DIR: './data' });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('[O3] a wrong value stops start-up with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'tre tusind' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'tre tusind' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => loadConfig({ NODE_ENV: 'prod' })).toThrow(/NODE_ENV/);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'not a url' })).toThrow(/ALLOWED_ORIGINS/);
  });

  describe('production', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://samraad@db:5432/samraad', PUBLIC_ORIGIN: 'https://samraad.kommune.dk' };
    const problems = (env: Record<string, string | undefined>) => {
      try {
        loadConfig(env);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
      return null;
    };

    it('[O3] starts with DATABASE_URL and PUBLIC_ORIGIN', () => {
      expect(loadConfig(production)).toMatchObject(production);
    });

    it('[O3] without DATABASE_URL refuses to start rather than fall back to the embedded database', () => {
      const message = problems({ ...production, DATABASE_URL: undefined });
      expect(message).toMatch(/^Invalid configuration:\n {2}DATABASE_URL: required in production/);
      expect(message).toMatch(/EMBEDDED_DATABASE=true/);
      expect(message).not.toMatch(/PUBLIC_ORIGIN/);
    });

    it('[O3] without PUBLIC_ORIGIN refuses to start', () => {
      const message = problems({ ...production, PUBLIC_ORIGIN: undefined });
      expect(message).toMatch(/^Invalid configuration:\n {2}PUBLIC_ORIGIN: required in production/);
      expect(message).not.toMatch(/DATABASE_URL/);
    });

    it('[O3] names every missing setting at once', () => {
      const message = problems({ NODE_ENV: 'production' })!;
      expect(message.split('\n')).toEqual([
        'Invalid configuration:',
        expect.stringMatching(/^ {2}DATABASE_URL: required in production/),
        expect.stringMatching(/^ {2}PUBLIC_ORIGIN: required in production/),
      ]);
    });

    it('[O3] an empty value counts as missing, a wrong one is named', () => {
      expect(problems({ ...production, PUBLIC_ORIGIN: '' })).toMatch(/PUBLIC_ORIGIN/);
      expect(problems({ ...production, DATABASE_URL: '' })).toMatch(/DATABASE_URL/);
      expect(problems({ ...production, PUBLIC_ORIGIN: 'samraad.kommune.dk' })).toMatch(/PUBLIC_ORIGIN/);
    });

    it('[O3] the embedded database only when asked for by name', () => {
      const c = loadConfig({ NODE_ENV: 'production', PUBLIC_ORIGIN: production.PUBLIC_ORIGIN, EMBEDDED_DATABASE: 'true' });
      expect(c.DATABASE_URL).toBeUndefined();
      expect(c.EMBEDDED_DATABASE).toBe(true);
      expect(problems({ ...production, DATABASE_URL: undefined, EMBEDDED_DATABASE: 'false' })).toMatch(/DATABASE_URL: required/);
      expect(problems({ ...production, DATABASE_URL: undefined, EMBEDDED_DATABASE: 'ja' })).toMatch(/EMBEDDED_DATABASE/);
    });
  });

  describe('the embedded database outside production', () => {
    it('[O3] is the default in development and tests', () => {
      expect(loadConfig({ NODE_ENV: 'development' }).DATABASE_URL).toBeUndefined();
      expect(loadConfig({ NODE_ENV: 'test' }).DATABASE_URL).toBeUndefined();
    });

    it('[O3] EMBEDDED_DATABASE=false makes DATABASE_URL required, and it cannot be true beside a DATABASE_URL', () => {
      expect(() => loadConfig({ EMBEDDED_DATABASE: 'false' })).toThrow(/DATABASE_URL: required when EMBEDDED_DATABASE is false/);
      expect(loadConfig({ EMBEDDED_DATABASE: '0', DATABASE_URL: 'postgres://localhost/samraad' }).EMBEDDED_DATABASE).toBe(false);
      expect(() => loadConfig({ EMBEDDED_DATABASE: '1', DATABASE_URL: 'postgres://localhost/samraad' })).toThrow(/EMBEDDED_DATABASE: .*DATABASE_URL is set too/);
    });
  });
});
