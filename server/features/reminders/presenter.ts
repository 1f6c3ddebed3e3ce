import type { NotificationView } from '../../../shared/api.js';
import type { NotificationPush } from '../../../shared/protocol.js';
import type { CreatedNotification, NotificationRow } from './service.js';

/** What is pushed over socket.io: references only, no names, no case text. */
export function presentPush(n: CreatedNotification): NotificationPush {
  return { id: n.id, kind: n.kind, caseId: n.caseId, caseReference: n.caseReference, dueDate: n.dueDate };
}

export function presentNotification(n: NotificationRow): NotificationView {
  return {
    id: n.id,
    kind: n.kind,
    dueDate: n.dueDate,
    caseReference: n.caseReference,
    caseId: n.caseId,
    level: n.level,
    createdAt: n.createdAt.toISOString(),
    read: n.readAt !== null,
  };
}
