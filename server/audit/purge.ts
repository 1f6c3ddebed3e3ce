/**
 * The audit log's retention (docs/SPEC.md, AU6): entries older than
 * AUDIT_RETENTION_DAYS are deleted in one transaction that sets
 * `samraad.audit_purge`, the only way past the append-only trigger.
 */
import type pg from 'pg';
import { inTransaction } from '../db/checkout.js';

export function purgeAuditEntries(pool: pg.Pool, olderThan: Date): Promise<number> {
  return inTransaction(pool, async (client) => {
    await client.query("SET LOCAL samraad.audit_purge = 'on'");
    const res = await client.query('DELETE FROM "AuditEntry" WHERE "at" < $1', [olderThan]);
    return res.rowCount ?? 0;
  });
}

export const DAY_MS = 86_400_000;
