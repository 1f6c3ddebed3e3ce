/** What a document page says when the server closed its collaboration socket for good. */
import { useT } from '../../i18n/index.js';
import type { Collab, CollabSnapshot } from '../../lib/collab.js';

export function CollabClosedAlert({ snapshot, collab, id }: { snapshot: CollabSnapshot; collab: Collab | null; id: string }) {
  const t = useT();
  if (snapshot.closed === 'forbidden') {
    return (
      <p id={id} className="alert alert--error" role="alert" data-testid="collab-closed">
        {t('collab.closed.forbidden')}
      </p>
    );
  }
  if (snapshot.closed === 'tooLarge') {
    return (
      <div className="alert alert--error" role="alert" data-testid="collab-closed">
        <p>{t('collab.closed.tooLarge')}</p>
        <button type="button" className="button button--secondary" onClick={() => collab?.reconnect()}>
          {t('collab.retry')}
        </button>
      </div>
    );
  }
  if (snapshot.closed === 'cprRefused') {
    return (
      <div className="alert alert--error" role="alert" data-testid="collab-closed" data-reason="cprRefused">
        <p>{t('collab.closed.cprRefused')}</p>
        <button type="button" className="button button--secondary" onClick={() => window.location.reload()}>
          {t('collab.reload')}
        </button>
      </div>
    );
  }
  return null;
}
