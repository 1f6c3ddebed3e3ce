/** My page: the open actions and follow-ups the user is responsible for. */
import type { Db } from '../../db/client.js';
import { caseForumsWhere, type Actor } from '../../policy/policy.js';
import { loadHandoverTasks } from '../handover/service.js';

const caseSelect = { select: { id: true, reference: true, forum: { select: { id: true, name: true } } } } as const;

/** Rows only from forums the actor is still a member of and may read cases in, open cases only. */
export async function loadMyTasks(db: Db, actor: Actor) {
  const forumIds = caseForumsWhere(actor, 'case:read');
  const openCase = { status: 'OPEN' as const, forumId: { in: forumIds } };
  const [actions, followUps, handovers] = await Promise.all([
    db.actionItem.findMany({
      where: { responsibleUserId: actor.userId, status: { in: ['PLANNED', 'IN_PROGRESS'] }, case: openCase },
      select: { id: true, title: true, dueDate: true, status: true, case: caseSelect },
      orderBy: [{ dueDate: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }, { id: 'asc' }],
    }),
    db.followUp.findMany({
      where: { responsibleUserId: actor.userId, status: 'PLANNED', case: openCase },
      select: { id: true, dueDate: true, case: caseSelect },
      orderBy: [{ dueDate: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
    }),
    // HO11: hand-over packets of the caller's sector not yet filed in its own system.
    loadHandoverTasks(db, actor),
  ]);
  return { actions, followUps, handovers };
}

export type MyTaskRows = Awaited<ReturnType<typeof loadMyTasks>>;
