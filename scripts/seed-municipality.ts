/**
 * npm run seed:municipality — a year of "Fjordby Kommune" (server/seed/municipal.ts, docs/SPEC.md KF10) in the
 * configured database: DATABASE_URL, else the embedded PostgreSQL under DATA_DIR that `npm start` uses (running or
 * not). Never in production; refuses a second run. On an empty database the small demo of `npm start` is made
 * first, so both are there. SAMRAAD_DEMO_PASSWORD sets the users' password (else one is printed).
 */
import path from 'node:path';
import pg from 'pg';
import { ConfigError, loadConfig } from '../server/config.js';
import { createDatabase } from '../server/db/client.js';
import { migrate } from '../server/db/migrate.js';
import { connectionFromUrl, startEmbedded, type DatabaseHandle } from '../server/db/postgres.js';
import { setLogLevel } from '../server/observability/log.js';
import { seedDemoIfEmpty } from '../server/seed/demo.js';
import { SeedRefused, seedMunicipality } from '../server/seed/municipal.js';

async function main(): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  if (config.NODE_ENV === 'production') {
    console.error('seed:municipality opretter demo-data og kører aldrig i produktion (NODE_ENV=production).');
    return 2;
  }
  setLogLevel('warn');
  const handle = await openConfigured(config.DATABASE_URL, config.DATA_DIR, config.EMBEDDED_PG_PORT);
  const db = createDatabase(handle.connection, 4);
  try {
    await migrate(db.pool);
    await seedDemoIfEmpty(db, config.SAMRAAD_DEMO_PASSWORD);
    const started = Date.now();
    const result = await seedMunicipality(db, {
      ...(config.SAMRAAD_DEMO_PASSWORD ? { password: config.SAMRAAD_DEMO_PASSWORD } : {}),
      progress: (line) => console.log(`  … ${line}`),
    });
    console.log(
      `\nFjordby Kommune er oprettet på ${Math.round((Date.now() - started) / 1000)} s: ${result.forums} fora, ${result.meetings} møder, ` +
        `${result.cases} sager, ${result.actions} handlinger, ${result.followUps} opfølgninger. Log ind med:`,
    );
    for (const u of result.users.slice(0, 12)) console.log(`  ${u.email.padEnd(44)} ${u.what}`);
    if (result.users.length > 12) console.log(`  … og ${result.users.length - 12} andre (se Administration → Brugere som admin)`);
    console.log(config.SAMRAAD_DEMO_PASSWORD ? '  Adgangskode: værdien af SAMRAAD_DEMO_PASSWORD\n' : `  Adgangskode: ${result.password}\n`);
    return 0;
  } catch (err) {
    if (err instanceof SeedRefused) {
      console.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    await db.close();
    setLogLevel('error'); // stopping the embedded PostgreSQL ends its idle connections: not news
    await handle.stop();
  }
}

/** The database npm start uses: DATABASE_URL, or the embedded one (the running server's, or started here). */
async function openConfigured(databaseUrl: string | undefined, dataDir: string, port: number): Promise<DatabaseHandle> {
  if (databaseUrl) return { connection: connectionFromUrl(databaseUrl), stop: async () => {} };
  const connection = { host: '127.0.0.1', port, user: 'postgres', password: 'postgres', database: 'samraad' };
  const probe = new pg.Client(connection);
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.end();
    return { connection, stop: async () => {} }; // the development server's embedded PostgreSQL is running
  } catch {
    return startEmbedded(path.resolve(dataDir, 'postgres'), port, 'samraad');
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
