/** Who has this document open, from the awareness states the server attributes. */
import { useEffect, useState } from 'react';
import type { AwarenessUser } from '../../../../shared/protocol.js';
import type { Sector } from '../../../../shared/domain.js';
import { useT } from '../../i18n/index.js';
import type { Collab } from '../../lib/collab.js';
import { safeColour, sectorLabel } from '../../lib/labels.js';

interface Self {
  id: string;
  name: string;
  sector: Sector | null;
}

function isAwarenessUser(u: unknown): u is AwarenessUser {
  const v = u as Partial<AwarenessUser> | null;
  return !!v && typeof v.id === 'string' && typeof v.name === 'string';
}

function readUsers(collab: Collab): AwarenessUser[] {
  const byId = new Map<string, AwarenessUser>();
  collab.provider.awareness.getStates().forEach((state) => {
    const user: unknown = state['user'];
    if (isAwarenessUser(user) && !byId.has(user.id)) byId.set(user.id, user);
  });
  return [...byId.values()];
}

export function PresenceList({ collab, self }: { collab: Collab; self: Self }) {
  const t = useT();
  const [users, setUsers] = useState<AwarenessUser[]>(() => readUsers(collab));

  useEffect(() => {
    const awareness = collab.provider.awareness;
    const onChange = () => setUsers(readUsers(collab));
    onChange();
    awareness.on('change', onChange);
    return () => awareness.off('change', onChange);
  }, [collab]);

  // I am always here, even before the server has told the others.
  const others = users.filter((u) => u.id !== self.id).sort((a, b) => a.name.localeCompare(b.name, 'da'));
  const me: AwarenessUser = users.find((u) => u.id === self.id) ?? { ...self, colour: safeColour(null, self.sector) };

  return (
    <section className="panel" aria-labelledby="presence-title">
      <h2 id="presence-title" className="panel__title">
        {t('doc.presence.title')}
      </h2>
      <ul className="people" data-testid="presence-list">
        {[me, ...others].map((u) => (
          <li key={u.id} className="people__item" data-testid="presence-item" data-user-id={u.id}>
            <span className="dot" style={{ backgroundColor: safeColour(u.colour, u.sector) }} aria-hidden="true" />
            <span className="people__name">
              {u.name}
              {u.id === self.id && <span className="people__you"> {t('doc.presence.you')}</span>}
            </span>
            {u.sector && <span className="people__meta">{sectorLabel(t, u.sector)}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
