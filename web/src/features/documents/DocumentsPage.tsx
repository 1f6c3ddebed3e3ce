/** "Mine dokumenter": the user's documents, grouped by forum. */
import type { DocumentSummary } from '../../../../shared/api.js';
import { usePageTitle } from '../../app/AppShell.js';
import { useT } from '../../i18n/index.js';
import { forumTypeLabel } from '../../lib/labels.js';
import { documentPath, Link } from '../../lib/router.js';
import { useDocuments } from './useDocuments.js';

interface ForumGroup {
  forum: DocumentSummary['forum'];
  documents: DocumentSummary[];
}

function groupByForum(documents: DocumentSummary[]): ForumGroup[] {
  const groups = new Map<string, ForumGroup>();
  for (const doc of documents) {
    let group = groups.get(doc.forum.id);
    if (!group) groups.set(doc.forum.id, (group = { forum: doc.forum, documents: [] }));
    group.documents.push(doc);
  }
  const byName = (a: string, b: string) => a.localeCompare(b, 'da');
  return [...groups.values()]
    .sort((a, b) => byName(a.forum.name, b.forum.name))
    .map((g) => ({ ...g, documents: g.documents.sort((a, b) => byName(a.title, b.title)) }));
}

export function DocumentsPage() {
  const t = useT();
  const docs = useDocuments();
  usePageTitle(t('docs.title'));

  return (
    <div className="page">
      <h1>{t('docs.title')}</h1>
      {docs.status === 'loading' && (
        <p className="status-text" role="status">
          {t('app.loading')}
        </p>
      )}
      {docs.status === 'error' && (
        <div className="alert alert--error" role="alert">
          <p>{t('docs.error')}</p>
          <button type="button" className="button button--secondary" onClick={docs.reload}>
            {t('docs.retry')}
          </button>
        </div>
      )}
      {docs.status === 'ready' && docs.documents.length === 0 && <p>{t('docs.empty')}</p>}
      {docs.status === 'ready' &&
        groupByForum(docs.documents).map(({ forum, documents }) => (
          <section key={forum.id} className="forum-group" aria-labelledby={`forum-${forum.id}`}>
            <h2 id={`forum-${forum.id}`} className="forum-group__title">
              {forum.name} <span className="tag">{forumTypeLabel(t, forum.type)}</span>
            </h2>
            <ul className="doc-list">
              {documents.map((doc) => (
                <li key={doc.id} className="doc-list__item">
                  <Link href={documentPath(doc.docName)} data-testid="doc-link" className="doc-list__link">
                    {doc.title}
                  </Link>
                  {!doc.canWrite && <span className="tag tag--muted">{t('docs.readOnly')}</span>}
                </li>
              ))}
            </ul>
          </section>
        ))}
    </div>
  );
}
