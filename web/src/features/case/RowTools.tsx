/**
 * The buttons beside a row of one of the case document's lists (Signs of Safety points, actions, network):
 * ↑ and ↓ move the row, ✕ deletes it. Labelled by the row's number, for screen readers.
 */
import type * as Y from 'yjs';
import { useT } from '../../i18n/index.js';
import { focusSoon, moveRow } from './yjs.js';

interface RowToolsProps {
  ydoc: Y.Doc;
  arr: Y.Array<unknown>;
  index: number;
  /** Rows in the list. */
  count: number;
  /** The row's id; the arrows are `${idPrefix}-up-${rowId}` and `${idPrefix}-down-${rowId}`. */
  rowId: string;
  idPrefix: string;
  className?: string;
}

/** ↑ ↓ ✕ for a row that can be moved. */
export function RowTools({ ydoc, arr, index, count, rowId, idPrefix, className = 'row-tools' }: RowToolsProps) {
  const t = useT();
  const move = (delta: -1 | 1) => {
    moveRow(ydoc, arr, index, index + delta);
    // Focus follows the row to its new place, on an arrow that still works there: at the top only ↓ does.
    const next = index + delta;
    const edge = next <= 0 ? 'down' : next >= count - 1 ? 'up' : delta < 0 ? 'up' : 'down';
    focusSoon(`${idPrefix}-${edge}-${rowId}`);
  };
  return (
    <div className={className}>
      <button
        type="button"
        id={`${idPrefix}-up-${rowId}`}
        className="icon-button"
        aria-label={t('row.moveUp', { n: index + 1 })}
        disabled={index === 0}
        onClick={() => move(-1)}
      >
        ↑
      </button>
      <button
        type="button"
        id={`${idPrefix}-down-${rowId}`}
        className="icon-button"
        aria-label={t('row.moveDown', { n: index + 1 })}
        disabled={index === count - 1}
        onClick={() => move(1)}
      >
        ↓
      </button>
      <DeleteRowButton arr={arr} index={index} />
    </div>
  );
}

/** ✕: deletes the row at `index`. */
export function DeleteRowButton({ arr, index }: { arr: Y.Array<unknown>; index: number }) {
  const t = useT();
  return (
    <button type="button" className="icon-button icon-button--danger" aria-label={t('row.delete', { n: index + 1 })} onClick={() => arr.delete(index, 1)}>
      ✕
    </button>
  );
}
