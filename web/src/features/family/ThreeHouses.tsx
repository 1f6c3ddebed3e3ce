/**
 * The child's Three Houses on the case page and in the meeting (docs/SPEC.md, FA5-FA7): Bekymringernes hus, De
 * gode tings hus and Drømmenes hus, each the child's own words in a Y.Text of the case document; who spoke with
 * the child and when (Y.Array 'houseTalks'); and per house a photo of the child's drawing, sent over HTTP (never
 * through the document) and shown from the server, which re-encoded it. `legacy` is the single voice text of
 * documents from before the houses, shown above them while it holds text.
 *
 * The case workspace gives the voice section no case id, so the drawings' case is read from the workspace element
 * around it (`data-case-id`, CaseWorkspace.tsx), on the case page and in the meeting alike.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ChangeEvent, type ReactNode, type RefObject } from 'react';
import * as Y from 'yjs';
import { CASE_DOC, HOUSE_TEXT, HOUSES, type House } from '../../../../shared/caseDoc.js';
import { DRAWING_LIMITS, type DrawingMeta } from '../../../../shared/family.js';
import { useRealtimeEvent } from '../../app/realtime.js';
import { useMe } from '../../app/session.js';
import { useI18n } from '../../i18n/index.js';
import { api, errorCode } from '../../lib/api.js';
import { todayInCopenhagen } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { CprRefused, useCprRefusal } from '../privacy/index.js';
import { focusSoon, mapsOf, newId, str, useYVersion } from '../case/yjs.js';
import { familyPlanPath } from './api.js';
import { HOUSE_LABELS, useFamilyText } from './text.js';
import { YTextArea } from './YTextArea.js';
import './family.css';

/** The case id of the workspace this element sits in. */
function useCaseIdOf(ref: RefObject<HTMLElement | null>): string | null {
  const [caseId, setCaseId] = useState<string | null>(null);
  useLayoutEffect(() => {
    setCaseId(ref.current?.closest('[data-case-id]')?.getAttribute('data-case-id') ?? null);
  }, [ref]);
  return caseId;
}

type Drawings = Record<House, DrawingMeta | null>;

/** The case's drawings, fetched again when the case changes (another member uploaded one). */
function useDrawings(caseId: string | null): [Drawings | null, (house: House, meta: DrawingMeta | null) => void] {
  const [drawings, setDrawings] = useState<Drawings | null>(null);
  const load = useCallback(() => {
    if (!caseId) return;
    api.family.drawings(caseId).then(
      (r) => setDrawings(r.drawings),
      () => setDrawings(null),
    );
  }, [caseId]);
  useEffect(load, [load]);
  useRealtimeEvent('case:changed', (p) => {
    if (p.caseId === caseId) load();
  });
  const set = useCallback((house: House, meta: DrawingMeta | null) => setDrawings((d) => (d ? { ...d, [house]: meta } : d)), []);
  return [drawings, set];
}

export function ThreeHouses({ ydoc, canWrite, legacy }: { ydoc: Y.Doc; canWrite: boolean; legacy?: ReactNode }) {
  const tx = useFamilyText();
  const { lang } = useI18n();
  useYVersion(ydoc);
  const root = useRef<HTMLDivElement>(null);
  const caseId = useCaseIdOf(root);
  const [drawings, setDrawing] = useDrawings(caseId);

  return (
    <div ref={root} className="houses" data-testid="three-houses">
      <p className="hint">{tx('housesIntro')}</p>
      {legacy}
      <div className="houses__grid">
        {HOUSES.map((house, i) => {
          const label = HOUSE_LABELS[lang][house];
          const id = `house-${house}`;
          return (
            <div key={house} className={`house house--${house}`} data-testid={`house-${house}`}>
              <label htmlFor={id} className="house__name">
                <span className="house__roof" aria-hidden="true" />
                {label.name}
              </label>
              <p id={`${id}-hint`} className="hint">
                {label.hint} {tx('childWords')}.
              </p>
              <YTextArea
                ydoc={ydoc}
                ytext={ydoc.getText(HOUSE_TEXT[house])}
                id={id}
                // The child's voice is its houses now; the first keeps the voice's old test id (tests/e2e/privacy).
                testId={i === 0 ? 'voice' : `${id}-text`}
                readOnly={!canWrite}
                describedBy={`${id}-hint`}
              />
              {caseId && (
                <Drawing caseId={caseId} house={house} houseName={label.name} meta={drawings?.[house] ?? null} canWrite={canWrite} onChange={setDrawing} />
              )}
            </div>
          );
        })}
      </div>
      <Talks ydoc={ydoc} canWrite={canWrite} />
      {caseId && (
        <p className="houses__family">
          <Link href={familyPlanPath(caseId)} data-testid="family-plan-link">
            {tx('familyLink')}
          </Link>
        </p>
      )}
    </div>
  );
}

interface DrawingProps {
  caseId: string;
  house: House;
  houseName: string;
  meta: DrawingMeta | null;
  canWrite: boolean;
  onChange: (house: House, meta: DrawingMeta | null) => void;
}

function Drawing({ caseId, house, houseName, meta, canWrite, onChange }: DrawingProps) {
  const tx = useFamilyText();
  const [state, setState] = useState<{ busy: boolean; message: string | null; error: boolean }>({ busy: false, message: null, error: false });
  const inputId = `drawing-${house}-file`;

  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (file.size > DRAWING_LIMITS.maxUploadBytes) {
      setState({ busy: false, message: tx('image_too_large'), error: true });
      return;
    }
    setState({ busy: true, message: tx('uploading'), error: false });
    try {
      onChange(house, await api.family.uploadDrawing(caseId, house, file));
      setState({ busy: false, message: tx('uploaded'), error: false });
    } catch (err) {
      const code = errorCode(err);
      const known = code === 'image_too_large' || code === 'unsupported_image' || code === 'invalid_image';
      setState({ busy: false, message: known ? tx(code) : tx('uploadError'), error: true });
    }
  };

  const remove = async () => {
    setState({ busy: true, message: null, error: false });
    try {
      await api.family.removeDrawing(caseId, house);
      onChange(house, null);
      setState({ busy: false, message: tx('removed'), error: false });
    } catch {
      setState({ busy: false, message: tx('uploadError'), error: true });
    }
  };

  return (
    <div className="house__drawing">
      {meta && (
        <img
          className="house__image"
          src={meta.url}
          alt={tx('drawingAlt', { house: houseName })}
          width={meta.width}
          height={meta.height}
          data-testid={`drawing-${house}`}
        />
      )}
      {canWrite && (
        <div className="house__upload">
          <label htmlFor={inputId}>{meta ? tx('drawingReplace') : tx('drawingUpload')}</label>
          <input
            id={inputId}
            type="file"
            accept="image/jpeg,image/png,image/webp"
            disabled={state.busy}
            aria-describedby={`${inputId}-hint`}
            data-testid={inputId}
            onChange={upload}
          />
          <p id={`${inputId}-hint`} className="hint">
            {tx('drawingHint')}
          </p>
          {meta && (
            <button type="button" className="button button--secondary button--small" disabled={state.busy} onClick={remove}>
              {tx('drawingRemove')}
            </button>
          )}
        </div>
      )}
      <p className={state.error ? 'field-error' : 'status-text'} role={state.error ? 'alert' : 'status'} data-testid={`drawing-${house}-status`}>
        {state.message}
      </p>
    </div>
  );
}

/** Who spoke with the child, and when: entries of Y.Array 'houseTalks' (Y.Map{id, by, on}). */
function Talks({ ydoc, canWrite }: { ydoc: Y.Doc; canWrite: boolean }) {
  const tx = useFamilyText();
  const me = useMe();
  const { refused, guard } = useCprRefusal();
  const arr = ydoc.getArray<unknown>(CASE_DOC.houseTalks);
  const rows = mapsOf(arr);

  const add = () => {
    const id = newId();
    ydoc.transact(() => {
      const row = new Y.Map<unknown>();
      row.set('id', id);
      row.set('by', me.name);
      row.set('on', todayInCopenhagen());
      arr.push([row]);
    });
    focusSoon(`talk-by-${id}`);
  };

  return (
    <fieldset className="fieldset houses__talks">
      <legend>{tx('talksLegend')}</legend>
      {rows.length === 0 && <p className="status-text">{tx('noTalks')}</p>}
      <ul className="plain-list">
        {rows.map((row, i) => {
          const id = str(row.get('id')) || `idx-${i}`;
          return (
            <li key={id} className="houses__talk" data-testid="house-talk">
              <div className="field field--compact">
                <label htmlFor={`talk-by-${id}`}>{tx('talkBy')}</label>
                <input
                  id={`talk-by-${id}`}
                  value={str(row.get('by'))}
                  maxLength={200}
                  readOnly={!canWrite}
                  autoComplete="off"
                  onChange={(e) => guard(e.target.value, (v) => row.set('by', v))}
                />
              </div>
              <div className="field field--compact field--narrow">
                <label htmlFor={`talk-on-${id}`}>{tx('talkOn')}</label>
                <input id={`talk-on-${id}`} type="date" value={str(row.get('on'))} readOnly={!canWrite} onChange={(e) => row.set('on', e.target.value)} />
              </div>
              {canWrite && (
                <button type="button" className="icon-button icon-button--danger" aria-label={tx('talkRemove', { n: i + 1 })} onClick={() => arr.delete(i, 1)}>
                  ✕
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <CprRefused refused={refused} />
      {canWrite && (
        <button type="button" className="button button--secondary button--small" onClick={add} data-testid="house-talk-add">
          {tx('talkAdd')}
        </button>
      )}
    </fieldset>
  );
}
