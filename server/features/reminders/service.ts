/**
 * Reminders for actions and follow-ups due today or overdue. One Notification
 * row per (user, kind, ref, dueDate), enforced by the unique index, so running
 * the job again creates nothing new and pushes nothing twice.
 */
import type { NotificationPush } from '../../../shared/protocol.js';
import { inTransaction } from '../../db/checkout.js';
import type { Database } from '../../db/client.js';
import { queueMails } from '../mail/outbox.js';
import type { NotificationToSend } from './notify-once.js';
import { loadActors } from '../../policy/actor.js';
import { can, caseForumsWhere, type Actor } from '../../policy/policy.js';

export type NotificationKind = NotificationPush['kind'];

export interface CreatedNotification {
  id: string;
  userId: string;
  kind: NotificationKind;
  dueDate: string;
  caseId: string;
  caseReference: string;
}

/**
 * Inserts the notifications that are due as of `today` (YYYY-MM-DD, Copenhagen)
 * and returns only the rows this call created. Only responsible users who are
 * still active members of the case's forum are reminded, only about open cases,
 * and only if the policy lets them read the case (A4): the rest get no row at all.
 */
export async function createDueNotifications(db: Database, today: string): Promise<CreatedNotification[]> {
  const { rows: due } = await db.pool.query<NotificationToSend>(
    `SELECT a."responsibleUserId" AS "userId",
            CASE WHEN a."dueDate" = $1::date THEN 'ACTION_DUE' ELSE 'ACTION_OVERDUE' END AS kind,
            a.id AS "refId", to_char(a."dueDate", 'YYYY-MM-DD') AS "dueDate",
            c.id AS "caseId", c.reference AS "caseReference", c."forumId"
       FROM "ActionItem" a
       JOIN "Case" c ON c.id = a."caseId"
      WHERE a.status IN ('PLANNED', 'IN_PROGRESS') AND c.status = 'OPEN'
        AND a."responsibleUserId" IS NOT NULL AND a."dueDate" IS NOT NULL AND a."dueDate" <= $1::date
        AND EXISTS (SELECT 1 FROM "Membership" m JOIN "User" u ON u.id = m."userId"
                     WHERE m."userId" = a."responsibleUserId" AND m."forumId" = c."forumId" AND u."disabledAt" IS NULL)
     UNION ALL
     SELECT f."responsibleUserId",
            CASE WHEN f."dueDate" = $1::date THEN 'FOLLOW_UP_DUE' ELSE 'FOLLOW_UP_OVERDUE' END,
            f.id, to_char(f."dueDate", 'YYYY-MM-DD'), c.id, c.reference, c."forumId"
       FROM "FollowUp" f
       JOIN "Case" c ON c.id = f."caseId"
      WHERE f.status = 'PLANNED' AND c.status = 'OPEN' AND f."dueDate" <= $1::date
        AND EXISTS (SELECT 1 FROM "Membership" m JOIN "User" u ON u.id = m."userId"
                     WHERE m."userId" = f."responsibleUserId" AND m."forumId" = c."forumId" AND u."disabledAt" IS NULL)`,
    [today],
  );
  const actors = await loadActors(db.prisma, due.map((d) => d.userId));
  const allowed = due.filter((d) => {
    const actor = actors.get(d.userId);
    return actor !== undefined && can(actor, 'case:read', { forumId: d.forumId, isCase: true });
  });
  if (allowed.length === 0) return [];
  const key = (r: { userId: string; kind: string; refId: string; dueDate: string }) => `${r.userId}|${r.kind}|${r.refId}|${r.dueDate}`;
  const byKey = new Map(allowed.map((d) => [key(d), d]));
  // ML1: an overdue reminder is also mailed, queued in the transaction that creates it (never one without the other).
  const inserted = await inTransaction(db.pool, async (client) => {
    const { rows } = await client.query<{ id: string; userId: string; kind: NotificationKind; refId: string; dueDate: string }>(
      `INSERT INTO "Notification" (id, "userId", kind, "refId", "dueDate", "createdAt")
       SELECT gen_random_uuid()::text, t."userId", t.kind::"NotificationKind", t."refId", t."dueDate"::date, now() AT TIME ZONE 'UTC'
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t("userId", kind, "refId", "dueDate")
       ON CONFLICT ("userId", kind, "refId", "dueDate") DO NOTHING
       RETURNING id, "userId", kind::text AS kind, "refId", to_char("dueDate", 'YYYY-MM-DD') AS "dueDate"`,
      [allowed.map((d) => d.userId), allowed.map((d) => d.kind), allowed.map((d) => d.refId), allowed.map((d) => d.dueDate)],
    );
    const overdue = rows.filter((r) => r.kind === 'ACTION_OVERDUE' || r.kind === 'FOLLOW_UP_OVERDUE');
    await queueMails(
      client,
      overdue.map((r) => ({ userId: r.userId, kind: 'OVERDUE', refId: r.refId, day: r.dueDate, forumId: byKey.get(key(r))!.forumId })),
    );
    return rows;
  });
  return inserted.map((r) => {
    const d = byKey.get(key(r))!;
    return { id: r.id, userId: r.userId, kind: r.kind, dueDate: r.dueDate, caseId: d.caseId, caseReference: d.caseReference };
  });
}

export interface NotificationRow {
  id: string;
  kind: NotificationKind;
  dueDate: string;
  caseId: string;
  caseReference: string;
  /** REPORT_DUTY: the level the case was assessed at in that meeting. */
  level: number | null;
  createdAt: Date;
  readAt: Date | null;
}

export const NOTIFICATION_LIST_LIMIT = 50;

/** The actor's latest notifications (unread first), only about cases in forums they may still read. */
export async function listNotifications(db: Database, actor: Actor): Promise<NotificationRow[]> {
  const forumIds = caseForumsWhere(actor, 'case:read');
  if (forumIds.length === 0) return [];
  const { rows } = await db.pool.query<Omit<NotificationRow, 'createdAt' | 'readAt'> & { createdAt: string; readAt: string | null }>(
    `SELECT n.id, n.kind::text AS kind, to_char(n."dueDate", 'YYYY-MM-DD') AS "dueDate",
            c.id AS "caseId", c.reference AS "caseReference", ca.level,
            to_char(n."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
            to_char(n."readAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "readAt"
       FROM "Notification" n
       LEFT JOIN "ActionItem" a ON n.kind IN ('ACTION_DUE', 'ACTION_OVERDUE') AND a.id = n."refId"
       LEFT JOIN "FollowUp" f ON n.kind IN ('FOLLOW_UP_DUE', 'FOLLOW_UP_OVERDUE') AND f.id = n."refId"
       LEFT JOIN "CaseBasis" b ON n.kind = 'CONSENT_ENDED' AND b.id = n."refId"
       JOIN "Case" c ON c.id = COALESCE(a."caseId", f."caseId", b."caseId",
                                        CASE WHEN n.kind = 'REPORT_DUTY' THEN split_part(n."refId", ':', 1) END)
       LEFT JOIN "CaseAssessment" ca ON n.kind = 'REPORT_DUTY' AND ca."caseId" = c.id AND ca."meetingId" = split_part(n."refId", ':', 2)
      WHERE n."userId" = $1 AND c."forumId" = ANY($2::text[])
      ORDER BY (n."readAt" IS NULL) DESC, n."createdAt" DESC, n.id DESC
      LIMIT ${NOTIFICATION_LIST_LIMIT}`,
    [actor.userId, forumIds],
  );
  return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt), readAt: r.readAt ? new Date(r.readAt) : null }));
}

/** Marks one of the actor's own notifications read; false when it is not theirs (or does not exist). */
export async function markNotificationRead(db: Database, actor: Actor, id: string): Promise<boolean> {
  const own = await db.prisma.notification.findFirst({ where: { id, userId: actor.userId }, select: { readAt: true } });
  if (!own) return false;
  if (!own.readAt) await db.prisma.notification.updateMany({ where: { id, userId: actor.userId, readAt: null }, data: { readAt: new Date() } });
  return true;
}
