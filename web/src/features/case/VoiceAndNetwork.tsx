/**
 * Barnets stemme as the child's Three Houses (docs/SPEC.md, FA5: features/family/ThreeHouses.tsx) and Netværk
 * (Y.Array 'network' of Y.Map{id,name,relation,contribution}). The single voice text of documents from before the
 * houses (Y.Text 'voice') is never migrated: it is shown above the houses, still editable, while it holds text.
 */
import { useState } from 'react';
import * as Y from 'yjs';
import { FAMILY_TEXT } from '../../../../shared/family.js';
import { useI18n, useT } from '../../i18n/index.js';
import { ThreeHouses } from '../family/ThreeHouses.js';
import { useFamilyText } from '../family/text.js';
import { YTextArea } from '../family/YTextArea.js';
import { CprRefused, useCprRefusal } from '../privacy/index.js';
import { EntryWriters, VoiceWriter } from './EntryWriters.js';
import { DeleteRowButton } from './RowTools.js';
import { focusSoon, mapsOf, newId, str } from './yjs.js';

export function VoiceField({ ydoc, canWrite }: { ydoc: Y.Doc; canWrite: boolean }) {
  const ytext = ydoc.getText('voice');
  const hasVoice = ytext.length > 0;
  // Once shown, it stays while the page is open, so emptying it does not take the field from under the caret.
  const [shown, setShown] = useState(hasVoice);
  if (hasVoice && !shown) setShown(true);
  return <ThreeHouses ydoc={ydoc} canWrite={canWrite} legacy={shown ? <LegacyVoice ydoc={ydoc} ytext={ytext} canWrite={canWrite} /> : null} />;
}

function LegacyVoice({ ydoc, ytext, canWrite }: { ydoc: Y.Doc; ytext: Y.Text; canWrite: boolean }) {
  const { lang } = useI18n();
  const tx = useFamilyText();
  return (
    <div className="field house house--legacy">
      <label htmlFor="case-voice" className="house__name">
        {FAMILY_TEXT[lang].legacyVoice}
      </label>
      <p id="case-voice-hint" className="hint">
        {tx('legacyVoiceHint')}
      </p>
      <YTextArea ydoc={ydoc} ytext={ytext} id="case-voice" testId="voice-legacy" readOnly={!canWrite} rows={3} describedBy="case-voice-hint" />
      <VoiceWriter />
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
              {canWrite && <DeleteRowButton arr={arr} index={i} />}
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
