/**
 * One in-app notification per (user, kind, reference, date), pushed only when
 * this call created it. References only: no names, no note text. Only users
 * who may read the case (A4: police in SSP forums only) are notified at all.
 */
import type { NotificationKind } from '../../../shared/domain.js';
import type { Db } from '../../db/client.js';
import { loadActor } from '../../policy/actor.js';
import { can } from '../../policy/policy.js';
import type { RealtimeHub } from '../../realtime/hub.js';
import { queueMailsWith } from '../mail/outbox.js';

export interface NotificationToSend {
  userId: string;
  kind: NotificationKind;
  /** What it is about (an action, follow-up, legal basis or case:meeting id). */
  refId: string;
  /** YYYY-MM-DD */
  dueDate: string;
  caseId: string;
  caseReference: string;
  /** The case's forum: the policy decides whether the user may hear of the case. */
  forumId: string;
}

export async function notifyOnce(db: Db, hub: RealtimeHub, n: NotificationToSend): Promise<void> {
  const actor = await loadActor(db, n.userId);
  if (!actor || !can(actor, 'case:read', { forumId: n.forumId, isCase: true })) return;
  const key = { userId: n.userId, kind: n.kind, refId: n.refId, dueDate: new Date(`${n.dueDate}T00:00:00Z`) };
  // ML1: the duty-to-report reminder is also mailed, queued in the transaction that creates the notification.
  const mailed = n.kind === 'REPORT_DUTY' ? ('REPORT_DUTY' as const) : null;
  const created = await db.$transaction(async (tx) => {
    const made = await tx.notification.createMany({ data: [key], skipDuplicates: true });
    if (made.count && mailed) await queueMailsWith(tx, [{ userId: n.userId, kind: mailed, refId: n.refId, day: n.dueDate, forumId: n.forumId }]);
    return made;
  });
  if (!created.count) return;
  const row = await db.notification.findUniqueOrThrow({ where: { userId_kind_refId_dueDate: key }, select: { id: true } });
  hub.toUser(n.userId, 'notification', { id: row.id, kind: n.kind, caseId: n.caseId, caseReference: n.caseReference, dueDate: n.dueDate });
}
