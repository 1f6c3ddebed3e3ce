/** The connection state, announced politely to screen readers. */
import { useT, type MessageKey } from '../../i18n/index.js';
import type { CollabSnapshot } from '../../lib/collab.js';

function messageKey({ state, dirty, closed }: CollabSnapshot): MessageKey {
  switch (state) {
    case 'connected':
      return 'conn.connected';
    case 'connecting':
      return 'conn.connecting';
    case 'reconnecting':
      return dirty ? 'conn.reconnectingDirty' : 'conn.reconnecting';
    case 'offline':
      // After a permanent stop nothing will be saved, so do not promise it.
      return dirty && closed === null ? 'conn.offlineDirty' : 'conn.offline';
  }
}

export function ConnectionBadge({ snapshot }: { snapshot: CollabSnapshot }) {
  const t = useT();
  return (
    <p
      className={`badge badge--${snapshot.state}`}
      data-testid="connection-state"
      data-state={snapshot.state}
      data-dirty={snapshot.dirty ? 'true' : 'false'}
      role="status"
      aria-live="polite"
    >
      <span className="badge__dot" aria-hidden="true" />
      <span className="visually-hidden">{t('conn.label')}: </span>
      {t(messageKey(snapshot))}
    </p>
  );
}
