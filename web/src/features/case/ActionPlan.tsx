/**
 * Handleplan: rows of Y.Array 'actions', each Y.Map{id,title,responsibleUserId,
 * ladderStep,dueDate,status}. Values typed live that are not valid (per
 * parseActions) are shown as invalid rather than hidden.
 */
import * as Y from 'yjs';
import type { ForumMember } from '../../../../shared/api.js';
import { ACTION_STATUSES, LADDER_STEPS, type ActionStatus } from '../../../../shared/domain.js';
import { isValidIsoDate, parseActions } from '../../../../shared/caseDoc.js';
import { useT } from '../../i18n/index.js';
import { sectorLabel } from '../../lib/labels.js';
import { CprRefused, useCprRefusal } from '../privacy/index.js';
import { EntryWriters } from './EntryWriters.js';
import { RowTools } from './RowTools.js';
import { focusSoon, mapsOf, newId, str } from './yjs.js';

export function ActionPlan({ ydoc, canWrite, members }: { ydoc: Y.Doc; canWrite: boolean; members: ForumMember[] }) {
  const t = useT();
  const { refused, guard } = useCprRefusal();
  const arr = ydoc.getArray<unknown>('actions');
  const rows = mapsOf(arr);
  const { invalid } = parseActions(ydoc);
  const isInvalid = (id: string, field: string) => invalid.some((x) => x.id === id && x.field === field);

  const add = () => {
    const id = newId();
    ydoc.transact(() => {
      const row = new Y.Map<unknown>();
      row.set('id', id);
      row.set('title', '');
      row.set('responsibleUserId', null);
      row.set('ladderStep', null);
      row.set('dueDate', '');
      row.set('status', 'PLANNED');
      arr.push([row]);
    });
    focusSoon(`act-title-${id}`);
  };

  return (
    <div>
      {rows.length === 0 && <p className="status-text">{t('actions.empty')}</p>}
      <ol className="action-list" data-testid="action-list">
        {rows.map((row, i) => {
          const id = str(row.get('id')) || `idx-${i}`;
          const due = row.get('dueDate');
          const dueValid = isValidIsoDate(due);
          const dueInvalid = isInvalid(id, 'dueDate');
          const step = row.get('ladderStep');
          const status = row.get('status');
          const responsible = row.get('responsibleUserId');
          return (
            <li key={id} className="action-row" data-testid="action-row" data-action-id={id}>
              <div className="field action-row__title">
                <label htmlFor={`act-title-${id}`}>{t('actions.title', { n: i + 1 })}</label>
                {/* WB16: a title wraps and grows instead of being cut; it stays one line of text (Enter does nothing). */}
                <textarea
                  id={`act-title-${id}`}
                  rows={1}
                  value={str(row.get('title'))}
                  maxLength={500}
                  readOnly={!canWrite}
                  autoComplete="off"
                  onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
                  onChange={(e) => guard(e.target.value.replace(/[\r\n]+/g, ' '), (v) => row.set('title', v))}
                />
              </div>
              <div className="field action-row__resp">
                <label htmlFor={`act-resp-${id}`}>{t('actions.responsible')}</label>
                <select
                  id={`act-resp-${id}`}
                  disabled={!canWrite}
                  value={typeof responsible === 'string' ? responsible : ''}
                  onChange={(e) => row.set('responsibleUserId', e.target.value || null)}
                >
                  <option value="">{t('actions.none')}</option>
                  {members.map((m) => (
                    <option key={m.userId} value={m.userId}>
                      {m.name} ({sectorLabel(t, m.sector)})
                    </option>
                  ))}
                </select>
              </div>
              <div className="field action-row__step">
                <label htmlFor={`act-step-${id}`}>{t('actions.ladderStep')}</label>
                <select
                  id={`act-step-${id}`}
                  disabled={!canWrite}
                  value={typeof step === 'number' ? String(step) : ''}
                  aria-invalid={isInvalid(id, 'ladderStep') || undefined}
                  onChange={(e) => row.set('ladderStep', e.target.value === '' ? null : Number(e.target.value))}
                >
                  <option value="">{t('actions.none')}</option>
                  {LADDER_STEPS.map((s) => (
                    <option key={s} value={s}>
                      {s} · {t(`ladder.${s}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field action-row__due">
                <label htmlFor={`act-due-${id}`}>{t('actions.dueDate')}</label>
                <input
                  id={`act-due-${id}`}
                  type="date"
                  data-testid="action-due"
                  readOnly={!canWrite}
                  min="2000-01-01"
                  max="2100-12-31"
                  value={dueValid ? due : ''}
                  aria-invalid={dueInvalid || undefined}
                  aria-describedby={dueInvalid ? `act-due-err-${id}` : undefined}
                  onChange={(e) => row.set('dueDate', e.target.value)}
                />
                {dueInvalid && (
                  <p id={`act-due-err-${id}`} className="field-error" data-testid="action-due-invalid">
                    {t('actions.invalidDate')}: «{str(due).slice(0, 20)}»
                  </p>
                )}
              </div>
              <div className="field action-row__status">
                <label htmlFor={`act-status-${id}`}>{t('actions.status')}</label>
                <select
                  id={`act-status-${id}`}
                  disabled={!canWrite}
                  value={(ACTION_STATUSES as readonly unknown[]).includes(status) ? (status as ActionStatus) : 'PLANNED'}
                  aria-invalid={isInvalid(id, 'status') || undefined}
                  onChange={(e) => row.set('status', e.target.value)}
                >
                  {ACTION_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`status.${s}`)}
                    </option>
                  ))}
                </select>
              </div>
              <EntryWriters entry={row} />
              {canWrite && <RowTools ydoc={ydoc} arr={arr} index={i} count={rows.length} rowId={id} idPrefix="act" className="row-tools action-row__tools" />}
            </li>
          );
        })}
      </ol>
      <CprRefused refused={refused} />
      {canWrite && (
        <button type="button" className="button button--secondary button--small" data-testid="action-add" onClick={add}>
          {t('actions.add')}
        </button>
      )}
    </div>
  );
}
