/**
 * Remote cursors for y-prosemirror. The server owns each client's awareness
 * `user` field ({ id, name, sector, colour }); y-prosemirror's defaults read
 * `user.color`, so we build the cursor and selection ourselves.
 */
import type { AwarenessUser } from '../../../../shared/protocol.js';
import { safeColour } from '../../lib/labels.js';

type MaybeUser = Partial<AwarenessUser> & { color?: unknown };

export interface CursorLabels {
  sectorLabel: (sector: AwarenessUser['sector']) => string;
}

function describe(user: MaybeUser, labels: CursorLabels): { colour: string; text: string } {
  const colour = safeColour(user.colour, user.sector);
  const name = typeof user.name === 'string' ? user.name : '';
  const sector = user.sector ? labels.sectorLabel(user.sector) : '';
  return { colour, text: sector ? `${name} · ${sector}` : name };
}

/** `getLabels` is read each time so a language switch shows on the next cursor move. */
export function cursorBuilder(getLabels: () => CursorLabels) {
  return (user: MaybeUser): HTMLElement => {
    const { colour, text } = describe(user, getLabels());
    const cursor = document.createElement('span');
    cursor.className = 'ProseMirror-yjs-cursor collab-cursor';
    cursor.style.borderColor = colour;
    // The presence list names everyone; screen readers should not read names inside the text.
    cursor.setAttribute('aria-hidden', 'true');
    const label = document.createElement('span');
    label.className = 'collab-cursor__label';
    label.style.backgroundColor = colour;
    label.textContent = text;
    cursor.append('\u2060', label, '\u2060');
    return cursor;
  };
}

export function selectionBuilder(user: MaybeUser) {
  // safeColour only returns #rrggbb, so it is safe inside a style string.
  const colour = safeColour(user.colour, user.sector);
  return { style: `background-color: ${colour}33`, class: 'ProseMirror-yjs-selection' };
}
