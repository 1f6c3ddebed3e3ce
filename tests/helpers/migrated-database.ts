/**
 * A fresh database with the schema applied, for a test that runs the server as a child process
 * (helpers/process.ts): the test fills it through `db`, a pool of its own, and starts the server on `url`.
 */
import { createDatabase, type Database } from '../../server/db/client.js';
import { migrate } from '../../server/db/migrate.js';
import { connectionFromUrl } from '../../server/db/postgres.js';
import { createTestDatabase } from './server.js';

export async function createMigratedDatabase(): Promise<{ url: string; db: Database }> {
  const url = await createTestDatabase();
  const db = createDatabase(connectionFromUrl(url));
  await migrate(db.pool);
  return { url, db };
}
