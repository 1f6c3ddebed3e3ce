/**
 * The health visitors' health-only notes of a case: a document of its own
 * that police never open (docs/SPEC.md, A5), edited like the concern note.
 */
import type { DocWriter } from '../../../../shared/api.js';
import { api } from '../../lib/api.js';
import { ConnectionBadge } from '../document/ConnectionBadge.js';
import { useCollab } from '../document/useCollab.js';
import { ConcernEditor } from './ConcernEditor.js';
import { useAuthorship } from './useAuthorship.js';
import type { Collab } from '../../lib/collab.js';

interface Props {
  docName: string;
  canWrite: boolean;
  self: Omit<DocWriter, 'clientId'> | null;
}

export function HealthNotes({ docName, canWrite, self }: Props) {
  const { collab, snapshot } = useCollab(docName, {
    // Access to these notes follows the case; the session check is enough to tell "logged out" apart.
    hasAccess: () => api.me().then(
      () => true,
      () => false,
    ),
  });
  return (
    <div className="health-notes">
      <ConnectionBadge snapshot={snapshot} />
      {collab && <Notes collab={collab} canWrite={canWrite} self={self} />}
    </div>
  );
}

function Notes({ collab, canWrite, self }: { collab: Collab; canWrite: boolean; self: Props['self'] }) {
  const authorship = useAuthorship(collab.provider.roomname, collab.ydoc, self);
  return <ConcernEditor collab={collab} editable={canWrite} authorship={authorship} labelledBy="privacy-health-h" describedBy={undefined} />;
}
