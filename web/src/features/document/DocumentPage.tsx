/** One document: title and forum, connection state, the live editor and who is present. */
import 'prosemirror-view/style/prosemirror.css';
import { useEffect } from 'react';
import type { DocumentSummary } from '../../../../shared/api.js';
import { usePageTitle } from '../../app/AppShell.js';
import { useMe, useSession } from '../../app/session.js';
import { useT } from '../../i18n/index.js';
import { forumTypeLabel } from '../../lib/labels.js';
import { Link } from '../../lib/router.js';
import { useDocuments } from '../documents/useDocuments.js';
import { MeetingPresence } from '../meeting/MeetingPresence.js';
import { CollabClosedAlert } from './CollabClosedAlert.js';
import { ConnectionBadge } from './ConnectionBadge.js';
import { Editor } from './Editor.js';
import { PresenceList } from './PresenceList.js';
import { useCollab, useWarnBeforeUnload } from './useCollab.js';

/** Same rule as docNameSchema in shared/schemas/auth.ts (kept here to spare the editor chunk zod). */
const DOC_NAME = /^[A-Za-z0-9_-]{8,64}$/;

export default function DocumentPage({ docName }: { docName: string }) {
  const t = useT();
  const docs = useDocuments();
  // The window title ends up in browser history: never put the document's title there.
  usePageTitle(t('doc.pageTitle'));

  const doc = docs.status === 'ready' && DOC_NAME.test(docName) ? docs.documents.find((d) => d.docName === docName) : undefined;

  return (
    <div className="page page--wide">
      <p className="back-link">
        <Link href="/dokumenter">← {t('doc.back')}</Link>
      </p>
      {docs.status === 'loading' && (
        <p className="status-text" role="status">
          {t('app.loading')}
        </p>
      )}
      {docs.status === 'error' && (
        <div className="alert alert--error" role="alert">
          <h1>{t('doc.pageTitle')}</h1>
          <p>{t('doc.loadError')}</p>
          <button type="button" className="button button--secondary" onClick={docs.reload}>
            {t('docs.retry')}
          </button>
        </div>
      )}
      {docs.status === 'ready' && !doc && (
        <>
          <h1>{t('doc.pageTitle')}</h1>
          <p className="alert alert--error" role="alert" data-testid="doc-not-found">
            {t('doc.notFound')}
          </p>
        </>
      )}
      {doc && <CollabDocument doc={doc} />}
    </div>
  );
}

function CollabDocument({ doc }: { doc: DocumentSummary }) {
  const t = useT();
  const me = useMe();
  const { sessionEnded } = useSession();
  const { collab, snapshot } = useCollab(doc.docName);
  const membership = me.memberships.find((m) => m.forumId === doc.forum.id);

  useEffect(() => {
    if (snapshot.closed === 'unauthorized') sessionEnded();
  }, [snapshot.closed, sessionEnded]);
  useWarnBeforeUnload(snapshot.dirty && snapshot.closed === null);

  const accessLost = snapshot.closed === 'forbidden' || snapshot.closed === 'unauthorized';
  const editable = doc.canWrite && !accessLost;
  const readOnlyId = !doc.canWrite ? 'doc-readonly' : accessLost ? 'doc-closed' : undefined;

  return (
    <>
      <div className="doc-header">
        <div>
          <h1 className="doc-header__title">{doc.title}</h1>
          <p className="doc-header__forum">
            {t('doc.forum')}: {doc.forum.name} <span className="tag">{forumTypeLabel(t, doc.forum.type)}</span>
          </p>
        </div>
        <ConnectionBadge snapshot={snapshot} />
      </div>

      {!doc.canWrite && (
        <p id="doc-readonly" className="notice" data-testid="read-only-notice">
          {t('doc.readOnly')}
        </p>
      )}
      <CollabClosedAlert snapshot={snapshot} collab={collab} id="doc-closed" />

      <div className="doc-layout">
        <div className="doc-layout__main">{collab && <Editor collab={collab} editable={editable} describedBy={readOnlyId} />}</div>
        <aside className="doc-layout__side">
          {collab && <PresenceList collab={collab} self={{ id: me.id, name: me.name, sector: membership?.sector ?? null }} />}
          <MeetingPresence forumId={doc.forum.id} role={membership?.role} />
        </aside>
      </div>
    </>
  );
}
