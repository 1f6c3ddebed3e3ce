/**
 * @hocuspocus/server 3.x with @hocuspocus/extension-database storing each
 * document's state (bytea) in a table of its own in the bench database.
 * Default timings (store debounced 2 s, at most 10 s), no authentication.
 */
import { Database } from '@hocuspocus/extension-database';
import { Server } from '@hocuspocus/server';
import pg from 'pg';
import { connectionFromUrl } from '../../server/db/postgres.js';
import { benchPort, onStop, ready, serveStats } from './common.js';

serveStats();
const pool = new pg.Pool({ ...connectionFromUrl(process.env.BENCH_DATABASE_URL!), max: 10 });
pool.on('error', () => {});
await pool.query('CREATE TABLE IF NOT EXISTS hocuspocus_documents (name text PRIMARY KEY, data bytea NOT NULL)');

const server = new Server(
  {
    port: benchPort(),
    address: '127.0.0.1',
    quiet: true,
    stopOnSignals: false,
    extensions: [
      new Database({
        fetch: async ({ documentName }) => {
          const { rows } = await pool.query<{ data: Buffer }>('SELECT data FROM hocuspocus_documents WHERE name = $1', [documentName]);
          return rows[0] ? new Uint8Array(rows[0].data) : null;
        },
        store: async ({ documentName, state }) => {
          await pool.query(
            'INSERT INTO hocuspocus_documents (name, data) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data',
            [documentName, state],
          );
        },
      }),
    ],
  },
  { perMessageDeflate: false },
);
await server.listen();
ready(server.address.port);
onStop(async () => {
  await server.destroy();
  await pool.end();
});
