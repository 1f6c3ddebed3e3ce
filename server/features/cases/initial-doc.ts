import * as Y from 'yjs';
import { CASE_DOC, SOS_COLUMNS } from '../../../shared/caseDoc.js';

/**
 * The starting state of a case document: the Signs of Safety columns exist
 * from the start, so two people adding the first point to a column at the
 * same moment cannot each create the column and lose one point (a Y.Map key
 * set twice keeps one value).
 */
export function initialCaseState(): Uint8Array<ArrayBuffer> {
  const doc = new Y.Doc();
  const sos = doc.getMap<Y.Array<Y.Map<string>>>(CASE_DOC.sos);
  for (const column of SOS_COLUMNS) sos.set(column, new Y.Array<Y.Map<string>>());
  const state = new Uint8Array(Y.encodeStateAsUpdate(doc));
  doc.destroy();
  return state;
}
