/** Signs of Safety: three columns of short points, each a Y.Map{id,text} in Y.Map 'sos'. */
import * as Y from 'yjs';
import { CprRefused, useCprRefusal } from '../privacy/index.js';
import { SOS_COLUMNS, type SosColumn } from '../../../../shared/caseDoc.js';
import { useT, type MessageKey } from '../../i18n/index.js';
import { EntryWriters } from './EntryWriters.js';
import { RowTools } from './RowTools.js';
import { focusSoon, mapsOf, newId, str } from './yjs.js';

const TITLES: Record<SosColumn, MessageKey> = {
  worries: 'sos.worries',
  strengths: 'sos.strengths',
  next: 'sos.next',
};

export function SosMap({ ydoc, canWrite }: { ydoc: Y.Doc; canWrite: boolean }) {
  return (
    <div className="sos-grid">
      {SOS_COLUMNS.map((c) => (
        <SosColumnView key={c} ydoc={ydoc} column={c} canWrite={canWrite} />
      ))}
    </div>
  );
}

function SosColumnView({ ydoc, column, canWrite }: { ydoc: Y.Doc; column: SosColumn; canWrite: boolean }) {
  const t = useT();
  const { refused, guard } = useCprRefusal();
  const sos = ydoc.getMap<unknown>('sos');
  const raw = sos.get(column);
  const arr = raw instanceof Y.Array ? (raw as Y.Array<unknown>) : null;
  const rows = mapsOf(arr);
  const title = t(TITLES[column]);
  const headingId = `sos-${column}`;

  const add = () => {
    const id = newId();
    ydoc.transact(() => {
      let a = sos.get(column);
      if (!(a instanceof Y.Array)) {
        a = new Y.Array<unknown>();
        sos.set(column, a);
      }
      const row = new Y.Map<unknown>();
      row.set('id', id);
      row.set('text', '');
      (a as Y.Array<unknown>).push([row]);
    });
    focusSoon(`sos-text-${id}`);
  };

  return (
    <section className={`sos-col sos-col--${column}`} aria-labelledby={headingId} data-testid={`sos-${column}`}>
      <h4 id={headingId} className="sos-col__title">
        {title}
      </h4>
      {rows.length === 0 && <p className="status-text">{t('sos.empty')}</p>}
      <ol className="sos-list">
        {rows.map((row, i) => {
          const id = str(row.get('id')) || `idx-${i}`;
          return (
            <li key={id} className="sos-item">
              <label className="visually-hidden" htmlFor={`sos-text-${id}`}>
                {t('sos.itemLabel', { n: i + 1, column: title })}
              </label>
              <textarea
                id={`sos-text-${id}`}
                rows={2}
                maxLength={2000}
                readOnly={!canWrite}
                value={str(row.get('text'))}
                onChange={(e) => guard(e.target.value, (v) => row.set('text', v))}
              />
              <EntryWriters entry={row} />
              {canWrite && arr && <RowTools ydoc={ydoc} arr={arr} index={i} count={rows.length} rowId={id} idPrefix="sos" />}
            </li>
          );
        })}
      </ol>
      <CprRefused refused={refused} />
      {canWrite && (
        <button type="button" className="button button--secondary button--small" onClick={add}>
          {t('sos.add')}
        </button>
      )}
    </section>
  );
}
