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
});
