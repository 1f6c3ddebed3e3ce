/**
 * Sends the outbox's pending mails (docs/SPEC.md, ML3-ML4). Each row is sent inside its own transaction that holds
 * the row's lock (`FOR UPDATE SKIP LOCKED`) from before the SMTP conversation until the row is marked sent, so two
 * runs, on one instance or two, never send the same row: the second skips it while the first holds it, and finds
 * it sent afterwards. A failure is recorded on the row (attempts, code, next attempt with backoff) and the row
 * stays pending, so it is sent once the SMTP server takes it again, also after a restart.
 *
 * The one window left: the SMTP server accepted the message and the process (or the database) died before the
 * COMMIT that marks it sent. The row is then still pending and is sent again. We chose that over marking it sent
 * before sending (a crash there loses the mail); every attempt carries the same Message-ID, so a receiving system
 * can drop the repeat. See docs/decisions/0014-mail.md.
 */
import { inTransaction } from '../../db/checkout.js';
import type { Database } from '../../db/client.js';
import { log } from '../../observability/log.js';
import { composeMail, type OutboxRow } from './compose.js';
import { forgetParentMailSecret } from './parents.js';
import { isServerFailure, mailErrorCode, type MailTransport } from './transport.js';

/** Rows one run looks at (the next run takes the rest). */
export const MAIL_BATCH = 100;
/** Backoff of a failing row: 30 s, doubling, at most 15 minutes. */
const BACKOFF_FIRST_MS = 30_000;
const BACKOFF_MAX_MS = 15 * 60_000;
/** A row still failing this long after it was queued is given up (FAILED): its news is stale by then. */
export const MAIL_GIVE_UP_HOURS = 48;
/** Sent, skipped and given-up rows are deleted after this many days. */
export const MAIL_KEEP_DAYS = 30;

/**
 * A row is due when its next attempt is not after the run's time, or the database's: rows queued by this run's
 * own scan (stamped with the database's now()) go out in this run even if the two clocks differ a little.
 */
const DUE_BY = `GREATEST($1::timestamptz AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')`;

export interface MailRunReport {
  sent: number;
  skipped: number;
  failed: number;
  gaveUp: number;
  /** Pending rows that have failed before and wait for their next attempt. */
  waiting: number;
  /** The last failure's code in this run, or of a waiting row. */
  lastError: string | null;
}

export function backoffMs(attemptsBefore: number): number {
  return Math.min(BACKOFF_FIRST_MS * 2 ** attemptsBefore, BACKOFF_MAX_MS);
}

export type Outcome = { kind: 'taken' | 'sent' | 'skipped' } | { kind: 'failed'; err: unknown; code: string; gaveUp: boolean };

export async function sendPendingMails(opts: { db: Database; transport: MailTransport; origin: string; now: Date; messageIdHost?: string }): Promise<MailRunReport> {
  const { db, transport, origin, now } = opts;
  const at = now.toISOString();
  const report: MailRunReport = { sent: 0, skipped: 0, failed: 0, gaveUp: 0, waiting: 0, lastError: null };
  if (transport.mode === 'off') {
    // Production without SMTP (ML5): nothing is sent, and nothing piles up to be sent years later.
    const res = await db.pool.query(`UPDATE "MailOutbox" SET status = 'SKIPPED', "lastError" = 'mail_off' WHERE status = 'PENDING'`);
    report.skipped = res.rowCount ?? 0;
  } else {
    const { rows } = await db.pool.query<{ id: string }>(
      `SELECT id FROM "MailOutbox" WHERE status = 'PENDING' AND "nextAttemptAt" <= ${DUE_BY}
        ORDER BY "createdAt", id LIMIT ${MAIL_BATCH}`,
      [at],
    );
    const host = opts.messageIdHost ?? new URL(origin).hostname;
    for (const { id } of rows) {
      const outcome = await sendOutboxRow(db, transport, origin, host, id, now);
      if (outcome.kind === 'sent') report.sent++;
      if (outcome.kind === 'skipped') report.skipped++;
      if (outcome.kind !== 'failed') continue;
      report.failed++;
      report.lastError = outcome.code;
      if (outcome.gaveUp) report.gaveUp++;
      // The server is down or refuses us: the rest would fail the same way; they wait for the next run.
      if (isServerFailure(outcome.err)) break;
    }
  }
  await db.pool.query(
    `DELETE FROM "MailOutbox" WHERE status <> 'PENDING' AND "createdAt" < ($1::timestamptz AT TIME ZONE 'UTC') - make_interval(days => $2)`,
    [at, MAIL_KEEP_DAYS],
  );
  const { rows: waiting } = await db.pool.query<{ n: string; last: string | null }>(
    `SELECT count(*) AS n, (array_agg("lastError" ORDER BY "nextAttemptAt" DESC))[1] AS last
       FROM "MailOutbox" WHERE status = 'PENDING' AND attempts > 0`,
  );
  report.waiting = Number(waiting[0]?.n ?? 0);
  report.lastError ??= waiting[0]?.last ?? null;
  return report;
}

/**
 * Sends one row under its lock, as a run does (ML4): the mail job for each pending row, and sendQueuedMailNow
 * (now.ts) for a row that should not wait for the next run. Whichever takes the row's lock first sends it; the
 * other finds it locked or no longer pending.
 */
export async function sendOutboxRow(db: Database, transport: MailTransport, origin: string, host: string, id: string, now: Date): Promise<Outcome> {
  const at = now.toISOString();
  return inTransaction(db.pool, async (client) => {
    const { rows } = await client.query<OutboxRow & { attempts: number; stale: boolean }>(
      `SELECT id, "userId", kind::text AS kind, "refId", to_char(day, 'YYYY-MM-DD') AS day, "forumId", attempts,
              "createdAt" < ($2::timestamptz AT TIME ZONE 'UTC') - make_interval(hours => $3) AS stale
         FROM "MailOutbox"
        WHERE id = $1 AND status = 'PENDING' AND "nextAttemptAt" <= ${DUE_BY.replace('$1', '$2')}
          FOR UPDATE SKIP LOCKED`,
      [id, at, MAIL_GIVE_UP_HOURS],
    );
    const row = rows[0];
    if (!row) return { kind: 'taken' }; // another run holds it, or it was sent meanwhile
    const composed = await composeMail(db.prisma, row, origin, now);
    if ('skip' in composed) {
      await client.query(`UPDATE "MailOutbox" SET status = 'SKIPPED', "lastError" = $2 WHERE id = $1`, [id, composed.skip]);
      await forgetParentMailSecret(client, row);
      log.info('mail_skipped', { id, kind: row.kind, reason: composed.skip });
      return { kind: 'skipped' };
    }
    try {
      await transport.send({
        to: composed.to,
        subject: composed.mail.subject,
        text: composed.mail.text,
        messageId: `<${id}@${host}>`,
        kind: row.kind,
        outboxId: id,
        path: composed.path,
      });
    } catch (err) {
      const code = mailErrorCode(err);
      const gaveUp = row.stale;
      await client.query(
        `UPDATE "MailOutbox" SET attempts = attempts + 1, "lastError" = $2, status = $3::"MailStatus",
                "nextAttemptAt" = ($4::timestamptz AT TIME ZONE 'UTC') + make_interval(secs => $5)
          WHERE id = $1`,
        [id, code, gaveUp ? 'FAILED' : 'PENDING', at, backoffMs(row.attempts) / 1000],
      );
      (gaveUp ? log.error : log.warn)(gaveUp ? 'mail_given_up' : 'mail_failed', { id, kind: row.kind, attempt: row.attempts + 1, code });
      return { kind: 'failed', err, code, gaveUp };
    }
    await client.query(
      `UPDATE "MailOutbox" SET status = 'SENT', attempts = attempts + 1, "lastError" = NULL, "sentAt" = ($2::timestamptz AT TIME ZONE 'UTC') WHERE id = $1`,
      [id, at],
    );
    await forgetParentMailSecret(client, row);
    if (transport.mode === 'smtp') log.info('mail_sent', { id, kind: row.kind, attempt: row.attempts + 1 });
    return { kind: 'sent' };
  });
}
