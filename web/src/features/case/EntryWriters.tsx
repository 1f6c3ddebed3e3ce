/**
 * "Tilføjet af Skole · Mette Skov · ændret af Dagtilbud · Jonas Holm" under an
 * SoS point, action or network entry, and "Senest skrevet af …" under the
 * child's voice (docs/SPEC.md, AT2), as the server recorded it.
 */
import type * as Y from 'yjs';
import { useT } from '../../i18n/index.js';
import { sectorLabel } from '../../lib/labels.js';
import { useAuthorshipOf, type Person } from './useAuthorship.js';

function useWho(): (p: Person) => string {
  const t = useT();
  return (p) => (p.sector ? `${sectorLabel(t, p.sector)} · ${p.name}` : p.name);
}

export function EntryWriters({ entry }: { entry: Y.Map<unknown> }) {
  const t = useT();
  const who = useWho();
  const authorship = useAuthorshipOf();
  if (!authorship) return null;
  const { addedBy, changedBy } = authorship.entry(entry);
  if (!addedBy) return null;
  const changed = changedBy && changedBy.userId !== addedBy.userId ? changedBy : null;
  return (
    <p className="entry-writers" data-testid="entry-writers" data-added-by={addedBy.userId} data-changed-by={changedBy?.userId ?? addedBy.userId}>
      {changed ? t('entry.addedAndChanged', { added: who(addedBy), changed: who(changed) }) : t('entry.added', { added: who(addedBy) })}
    </p>
  );
}

export function VoiceWriter() {
  const t = useT();
  const who = useWho();
  const writer = useAuthorshipOf()?.voice() ?? null;
  if (!writer) return null;
  return (
    <p className="entry-writers" data-testid="voice-writer" data-changed-by={writer.userId}>
      {t('entry.voiceChanged', { changed: who(writer) })}
    </p>
  );
}
