/**
 * The two ways the server talks to PostgreSQL, sharing one pg pool:
 * Prisma Client for the domain, and plain SQL for the collaboration hot path.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
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
  // An idle client that errors (server restart) must not crash the process.
  pool.on('error', () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    async close() {
      await prisma.$disconnect().catch(() => {});
      await pool.end().catch(() => {});
    },
  };
}
