/**
 * A queued mail sent at once instead of at the next run of the `mail` job (docs/SPEC.md, ML8): the parents' sign-in
 * code (PA2), which the parent waits for on the page, and their invitation (PA1). Called after the transaction that
 * queued the row has committed; the row is sent exactly as the job sends it (`sendOutboxRow`: under its row lock,
 * marked SENT before the commit), so the two never send it twice, and if this fails or the process stops first the
 * row is still PENDING and the next run of the job sends it (never lost). Nothing waits for it: the answer to the
 * request does not depend on whether or how fast the SMTP server took the mail, so its timing says nothing about
 * the address either (a wrong address queues nothing, PA2).
 */
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { log } from '../../observability/log.js';
import type { MailKind } from './kinds.js';
import { sendOutboxRow } from './send.js';
import { createMailTransport } from './transport.js';

export interface SendNowDeps {
  db: Database;
  config: Config;
  /** PUBLIC_ORIGIN, or the server's own origin (links and the Message-ID's host, as the job builds them). */
  origin: string;
}

const inFlight = new Set<Promise<void>>();

/** Sends the pending rows of this kind about `refId` now, in the background; resolves when done (never rejects). */
export function sendQueuedMailNow(deps: SendNowDeps, kind: MailKind, refId: string): Promise<void> {
  const done = (async () => {
    const transport = createMailTransport(deps.config);
    // Production without SMTP: the job marks the row SKIPPED (ML5); nothing to send here.
    if (transport.mode === 'off') return;
    try {
      const { rows } = await deps.db.pool.query<{ id: string }>(
        `SELECT id FROM "MailOutbox" WHERE kind = $1::"MailKind" AND "refId" = $2 AND status = 'PENDING' ORDER BY "createdAt", id`,
        [kind, refId],
      );
      const host = new URL(deps.origin).hostname;
      for (const { id } of rows) {
        const outcome = await sendOutboxRow(deps.db, transport, deps.origin, host, id, new Date());
        if (outcome.kind === 'sent') log.info('mail_sent_now', { id, kind });
      }
    } catch (err) {
      // The database went away (a shutdown) or the like: the row waits for the job. Name and code only.
      log.warn('mail_now_failed', { kind, err: err instanceof Error ? err.name : 'unknown', code: (err as { code?: unknown }).code });
    } finally {
      transport.close();
    }
  })();
  inFlight.add(done);
  void done.finally(() => inFlight.delete(done));
  return done;
}

/** Waits for the mails being sent now (a graceful stop, or a test that wants them out). */
export async function settleMailsSentNow(): Promise<void> {
  await Promise.allSettled([...inFlight]);
}
