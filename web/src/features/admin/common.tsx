/** Shared bits of the admin pages: the "no access" page and load/error states. */
import type { ReactNode } from 'react';
import type { ApiRequestError } from '../../lib/api.js';
import { adminErrKey, useAdminText } from './text.js';

export function NoAccess() {
  const tx = useAdminText();
  return (
    <div className="alert alert--error" role="alert" data-testid="admin-no-access">
      <p>
        <strong>{tx('noAccess')}</strong>
      </p>
      <p>{tx('noAccessText')}</p>
    </div>
  );
}

/** Loading text, "Du har ikke adgang" on 403, or an error with a retry button. */
export function LoadState({ status, error, reload, children }: { status: string; error?: ApiRequestError; reload: () => void; children?: ReactNode }) {
  const tx = useAdminText();
  if (error?.status === 403) return <NoAccess />;
  if (status === 'loading')
    return (
      <p className="status-text" role="status">
        {tx('loading')}
      </p>
    );
  if (error)
    return (
      <div className="alert alert--error" role="alert">
        <p>{error.code === 'network' ? tx(adminErrKey('network')) : tx('loadError')}</p>
        <p>
          <button type="button" className="button button--small button--secondary" onClick={reload}>
            {tx('retry')}
          </button>
        </p>
      </div>
    );
  return <>{children}</>;
}
