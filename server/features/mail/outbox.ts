/**
 * Queuing e-mail notices (docs/SPEC.md, ML3). A notice is one MailOutbox row, unique per (user, kind, what it is
 * about, day): queuing it again does nothing, so nothing is mailed twice. Code that creates a notice queues its
 * mail in the same transaction, so the mail is never lost if the process stops in between. Rows for a user who
 * does not exist are left out (an action's responsible comes from a document, MR2), so queuing never fails the
 * write it belongs to.
 */
import type pg from 'pg';
import type { Db } from '../../db/client.js';
import type { Prisma } from '../../db/generated/client.js';
import { dateValue } from '../tasks/dates.js';
import type { MailKind } from './kinds.js';

export interface MailNotice {
  userId: string;
  kind: MailKind;
  /** What it is about (never written into the mail). */
  refId: string;
  /** YYYY-MM-DD */
  day: string;
  /** The forum the mail names; null for the account as a whole. */
  forumId: string | null;
}

/** A pg Pool, or a client inside a transaction. */
export type Queryable = pg.Pool | pg.PoolClient;

export async function queueMails(db: Queryable, notices: readonly MailNotice[]): Promise<number> {
  if (notices.length === 0) return 0;
  const res = await db.query(
    `INSERT INTO "MailOutbox" (id, "userId", kind, "refId", day, "forumId", "nextAttemptAt", "createdAt")
     SELECT gen_random_uuid()::text, t."userId", t.kind::"MailKind", t."refId", t.day::date, t."forumId",
            now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t("userId", kind, "refId", day, "forumId")
       JOIN "User" u ON u.id = t."userId"
     ON CONFLICT ("userId", kind, "refId", day) DO NOTHING`,
    [notices.map((n) => n.userId), notices.map((n) => n.kind), notices.map((n) => n.refId), notices.map((n) => n.day), notices.map((n) => n.forumId)],
  );
  return res.rowCount ?? 0;
}

/** The same through Prisma, inside a `$transaction` (the user must exist: callers queue for users they just read). */
export async function queueMailsWith(tx: Pick<Db, 'mailOutbox'> | Prisma.TransactionClient, notices: readonly MailNotice[]): Promise<number> {
  if (notices.length === 0) return 0;
  const { count } = await tx.mailOutbox.createMany({
    data: notices.map((n) => ({ userId: n.userId, kind: n.kind, refId: n.refId, day: dateValue(n.day), forumId: n.forumId })),
    skipDuplicates: true,
  });
  return count;
}

/**
 * ACTION_ASSIGNED, called by the case mirror inside its transaction after it wrote the case's actions: a mail to
 * each member of the case's forum who became responsible for an active action of this open case (a new action,
 * or one that had no or another responsible before). `before` is who was responsible for each action before.
 */
export async function queueAssignedActionMails(client: Queryable, caseId: string, before: ReadonlyMap<string, string | null>, today: string): Promise<number> {
  const res = await client.query(
    `INSERT INTO "MailOutbox" (id, "userId", kind, "refId", day, "forumId", "nextAttemptAt", "createdAt")
     SELECT gen_random_uuid()::text, a."responsibleUserId", 'ACTION_ASSIGNED', a.id, $2::date, c."forumId",
            now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
       FROM "ActionItem" a
       JOIN "Case" c ON c.id = a."caseId"
       JOIN "Membership" m ON m."userId" = a."responsibleUserId" AND m."forumId" = c."forumId"
      WHERE a."caseId" = $1 AND c.status = 'OPEN' AND a.status IN ('PLANNED', 'IN_PROGRESS')
        AND NOT EXISTS (SELECT 1 FROM unnest($3::text[], $4::text[]) AS b(id, responsible)
                         WHERE b.id = a.id AND b.responsible IS NOT DISTINCT FROM a."responsibleUserId")
     ON CONFLICT ("userId", kind, "refId", day) DO NOTHING`,
    [caseId, today, [...before.keys()], [...before.values()]],
  );
  return res.rowCount ?? 0;
}

/** Who is responsible for each of a case's actions now (the mirror asks before it writes them). */
export async function responsiblesOf(client: Queryable, caseId: string): Promise<Map<string, string | null>> {
  const { rows } = await client.query<{ id: string; responsibleUserId: string | null }>(
    'SELECT id, "responsibleUserId" FROM "ActionItem" WHERE "caseId" = $1',
    [caseId],
  );
  return new Map(rows.map((r) => [r.id, r.responsibleUserId]));
}
