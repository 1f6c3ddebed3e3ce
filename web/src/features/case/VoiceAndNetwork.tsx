/** Barnets stemme (Y.Text 'voice') and Netværk (Y.Array 'network' of Y.Map{id,name,relation,contribution}). */
import { useLayoutEffect, useRef } from 'react';
import * as Y from 'yjs';
import { useT } from '../../i18n/index.js';
import { CprRefused, useCprRefusal } from '../privacy/index.js';
import { EntryWriters, VoiceWriter } from './EntryWriters.js';
import { applyTextDiff, focusSoon, mapsOf, newId, str } from './yjs.js';

export function VoiceField({ ydoc, canWrite }: { ydoc: Y.Doc; canWrite: boolean }) {
  const t = useT();
  const { refused, guard } = useCprRefusal();
  const ytext = ydoc.getText('voice');
  const value = ytext.toString();
  const ref = useRef<HTMLTextAreaElement>(null);
  const selection = useRef<{ start: number; end: number } | null>(null);

  // Keep the caret where it was when someone else's typing re-renders the text.
  useLayoutEffect(() => {
    const el = ref.current;
    const sel = selection.current;
    if (el && sel && document.activeElement === el && el.value === value) {
      el.setSelectionRange(Math.min(sel.start, value.length), Math.min(sel.end, value.length));
    }
  }, [value]);

  const remember = () => {
    const el = ref.current;
    if (el) selection.current = { start: el.selectionStart, end: el.selectionEnd };
  };

  return (
    <div className="field">
      <label htmlFor="case-voice" className="visually-hidden">
        {t('case.voice')}
      </label>
      <textarea
        id="case-voice"
        ref={ref}
        data-testid="voice"
        rows={4}
        readOnly={!canWrite}
        value={value}
        aria-describedby="case-voice-hint"
        onSelect={remember}
        onKeyUp={remember}
        onChange={(e) => {
          selection.current = { start: e.target.selectionStart, end: e.target.selectionEnd };
          guard(e.target.value, (v) => applyTextDiff(ydoc, ytext, v));
        }}
      />
      <p id="case-voice-hint" className="hint">
        {t('case.voiceHint')}
      </p>
      <VoiceWriter />
      <CprRefused refused={refused} />
    </div>
  );
}

const FIELDS = ['name', 'relation', 'contribution'] as const;

export function NetworkList({ ydoc, canWrite }: { ydoc: Y.Doc; canWrite: boolean }) {
  const t = useT();
  const { refused, guard } = useCprRefusal();
  const arr = ydoc.getArray<unknown>('network');
  const rows = mapsOf(arr);

  const add = () => {
    const id = newId();
    ydoc.transact(() => {
      const row = new Y.Map<unknown>();
      row.set('id', id);
      for (const f of FIELDS) row.set(f, '');
      arr.push([row]);
    });
    focusSoon(`net-name-${id}`);
  };

  return (
    <div>
      <p className="hint" id="network-hint">
        {t('network.hint')}
      </p>
      {rows.length === 0 && <p className="status-text">{t('network.empty')}</p>}
      <ul className="network-list">
        {rows.map((row, i) => {
          const id = str(row.get('id')) || `idx-${i}`;
          return (
            <li key={id} className="network-row">
              {FIELDS.map((f) => (
                <div className="field field--compact" key={f}>
                  <label htmlFor={`net-${f}-${id}`}>{t(`network.${f}`)}</label>
                  <input
                    id={`net-${f}-${id}`}
                    value={str(row.get(f))}
                    maxLength={200}
                    readOnly={!canWrite}
                    autoComplete="off"
                    aria-describedby={f === 'name' ? 'network-hint' : undefined}
                    onChange={(e) => guard(e.target.value, (v) => row.set(f, v))}
                  />
                </div>
              ))}
              <EntryWriters entry={row} />
              {canWrite && (
                <button
                  type="button"
                  className="icon-button icon-button--danger"
                  aria-label={t('row.delete', { n: i + 1 })}
                  onClick={() => arr.delete(i, 1)}
                >
                  ✕
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <CprRefused refused={refused} />
      {canWrite && (
        <button type="button" className="button button--secondary button--small" onClick={add}>
          {t('network.add')}
        </button>
      )}
    </div>
  );
}
