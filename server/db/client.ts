/**
 * The two ways the server talks to PostgreSQL, sharing one pg pool:
 * Prisma Client for the domain, and plain SQL for the collaboration hot path.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { noteDbFault } from './checkout.js';
import { PrismaClient } from './generated/client.js';

export type Db = PrismaClient;

export interface Database {
  prisma: PrismaClient;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function createDatabase(connection: pg.PoolConfig, max = 10): Database {
  // Prisma stores DateTime as UTC in columns without a time zone; every session runs in UTC too, so that
  // now(), DEFAULT now() and comparisons in plain SQL agree with it on a server set to Europe/Copenhagen.
  const pool = new pg.Pool({ ...connection, max, options: [connection.options, '-c TimeZone=UTC'].filter(Boolean).join(' ') });
  // D6: an idle client that errors (server restart, terminated backend) must not crash the process; clients
  // checked out for plain SQL get their listener in checkout.ts, Prisma's transaction clients from the adapter.
  pool.on('error', (err) => noteDbFault('db_idle_client_error', err));
  const adapter = new PrismaPg(pool, { onConnectionError: (err) => noteDbFault('db_client_error', err) });
  const prisma = new PrismaClient({ adapter });
  return {
    prisma,
    pool,
    async close() {
      await prisma.$disconnect().catch(() => {});
      await pool.end().catch(() => {});
    },
  };
}
