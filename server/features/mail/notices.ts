/**
 * The notices no single write creates, found by the `mail` job on each run (docs/SPEC.md, ML1): actions and
 * follow-ups due tomorrow, and meetings whose agenda is out. Each is queued once (the outbox's unique key) for
 * users who chose that kind, so switching a kind on later still brings today's notices.
 */
import type { Database } from '../../db/client.js';
import { addDays, todayInCopenhagen } from '../tasks/dates.js';
import { AGENDA_NOTICE_DAYS } from './kinds.js';

export async function queueScheduledNotices(db: Database, now: Date): Promise<number> {
  return (await queueDueTomorrow(db, addDays(todayInCopenhagen(now), 1))) + (await queueAgendas(db, now));
}

/** DUE_TOMORROW: the responsible of each open action (PLANNED, IN_PROGRESS) and planned follow-up due `tomorrow`. */
async function queueDueTomorrow(db: Database, tomorrow: string): Promise<number> {
  const res = await db.pool.query(
    `INSERT INTO "MailOutbox" (id, "userId", kind, "refId", day, "forumId", "nextAttemptAt", "createdAt")
     SELECT gen_random_uuid()::text, t."userId", 'DUE_TOMORROW', t."refId", t.day, t."forumId",
            now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
       FROM (SELECT a."responsibleUserId" AS "userId", a.id AS "refId", a."dueDate" AS day, c."forumId"
               FROM "ActionItem" a JOIN "Case" c ON c.id = a."caseId"
              WHERE a.status IN ('PLANNED', 'IN_PROGRESS') AND c.status = 'OPEN' AND a."dueDate" = $1::date
             UNION ALL
             SELECT f."responsibleUserId", f.id, f."dueDate", c."forumId"
               FROM "FollowUp" f JOIN "Case" c ON c.id = f."caseId"
              WHERE f.status = 'PLANNED' AND c.status = 'OPEN' AND f."dueDate" = $1::date) t
       JOIN "User" u ON u.id = t."userId"
      WHERE u."disabledAt" IS NULL AND 'DUE_TOMORROW' = ANY(u."mailKinds")
        AND EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = t."userId" AND m."forumId" = t."forumId")
     ON CONFLICT ("userId", kind, "refId", day) DO NOTHING`,
    [tomorrow],
  );
  return res.rowCount ?? 0;
}

/**
 * AGENDA_PUBLISHED: a planned meeting that starts within AGENDA_NOTICE_DAYS and has at least one case on its
 * agenda, to the forum's members (guests only when they are among its participants). The day is the meeting's
 * date in Copenhagen, so a meeting moved to another day is announced again.
 */
async function queueAgendas(db: Database, now: Date): Promise<number> {
  const res = await db.pool.query(
    `INSERT INTO "MailOutbox" (id, "userId", kind, "refId", day, "forumId", "nextAttemptAt", "createdAt")
     SELECT gen_random_uuid()::text, ms."userId", 'AGENDA_PUBLISHED', mt.id,
            (mt."startsAt" AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/Copenhagen')::date, mt."forumId",
            now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
       FROM "Meeting" mt
       JOIN "Membership" ms ON ms."forumId" = mt."forumId"
       JOIN "User" u ON u.id = ms."userId"
      WHERE mt.status = 'PLANNED'
        AND mt."startsAt" > ($1::timestamptz AT TIME ZONE 'UTC')
        AND mt."startsAt" <= ($1::timestamptz AT TIME ZONE 'UTC') + make_interval(days => $2)
        AND EXISTS (SELECT 1 FROM "AgendaItem" ai WHERE ai."meetingId" = mt.id)
        AND u."disabledAt" IS NULL AND 'AGENDA_PUBLISHED' = ANY(u."mailKinds")
        AND (ms.role <> 'GUEST' OR EXISTS (SELECT 1 FROM "MeetingParticipant" p WHERE p."meetingId" = mt.id AND p."userId" = ms."userId"))
     ON CONFLICT ("userId", kind, "refId", day) DO NOTHING`,
    [now.toISOString(), AGENDA_NOTICE_DAYS],
  );
  return res.rowCount ?? 0;
}
