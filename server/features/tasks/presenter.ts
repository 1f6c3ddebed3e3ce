import type { MyTasks } from '../../../shared/api.js';
import { isoDate } from './dates.js';
import type { MyTaskRows } from './service.js';

/** HO11: beside the actions and follow-ups, the unfiled hand-over packets of the caller's sector. */
export function presentMyTasks(rows: MyTaskRows, today: string): MyTasks {
  return {
    actions: rows.actions.map((a) => {
      const dueDate = a.dueDate ? isoDate(a.dueDate) : null;
      return {
        id: a.id,
        title: a.title,
        dueDate,
        status: a.status,
        overdue: dueDate !== null && dueDate < today,
        case: { id: a.case.id, reference: a.case.reference },
        forum: { id: a.case.forum.id, name: a.case.forum.name },
      };
    }),
    followUps: rows.followUps.map((f) => {
      const dueDate = isoDate(f.dueDate);
      return {
        id: f.id,
        dueDate,
        overdue: dueDate < today,
        case: { id: f.case.id, reference: f.case.reference },
        forum: { id: f.case.forum.id, name: f.case.forum.name },
      };
    }),
    handovers: rows.handovers,
  };
}
