/** "Fora": the forums I am a member of, from /api/auth/me. */
import { usePageTitle } from '../../app/AppShell.js';
import { useMe } from '../../app/session.js';
import { useT } from '../../i18n/index.js';
import { forumTypeLabel, roleLabel, sectorLabel } from '../../lib/labels.js';
import { forumPath, Link } from '../../lib/router.js';
import { KeyFiguresEntry } from '../keyfigures/KeyFiguresEntry.js';

export function ForumsPage() {
  const t = useT();
  const me = useMe();
  usePageTitle(t('forums.title'));
  const list = [...me.memberships].sort((a, b) => a.forumName.localeCompare(b.forumName, 'da'));
  return (
    <div className="page">
      <h1>{t('forums.title')}</h1>
      <KeyFiguresEntry />
      {list.length === 0 ? (
        <p>{t('forums.empty')}</p>
      ) : (
        <ul className="doc-list">
          {list.map((m) => (
            <li key={m.forumId} className="doc-list__item">
              <Link href={forumPath(m.forumId)} className="doc-list__link" data-testid="forum-link">
                {m.forumName}
              </Link>
              <span className="tag">{forumTypeLabel(t, m.forumType)}</span>
              <span className="muted">
                {sectorLabel(t, m.sector)} · {roleLabel(t, m.role)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
