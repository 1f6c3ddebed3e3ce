/**
 * One in-app notification per (user, kind, reference, date), pushed only when
 * this call created it. References only: no names, no note text.
 */
import type { NotificationKind } from '../../../shared/domain.js';
import type { Db } from '../../db/client.js';
import type { RealtimeHub } from '../../realtime/hub.js';

export interface NotificationToSend {
  userId: string;
  kind: NotificationKind;
  /** What it is about (an action, follow-up, legal basis or case:meeting id). */
  refId: string;
  /** YYYY-MM-DD */
  dueDate: string;
  caseId: string;
  caseReference: string;
}

export async function notifyOnce(db: Db, hub: RealtimeHub, n: NotificationToSend): Promise<void> {
  const key = { userId: n.userId, kind: n.kind, refId: n.refId, dueDate: new Date(`${n.dueDate}T00:00:00Z`) };
  const created = await db.notification.createMany({ data: [key], skipDuplicates: true });
  if (!created.count) return;
  const row = await db.notification.findUniqueOrThrow({ where: { userId_kind_refId_dueDate: key }, select: { id: true } });
  hub.toUser(n.userId, 'notification', { id: row.id, kind: n.kind, caseId: n.caseId, caseReference: n.caseReference, dueDate: n.dueDate });
}
