/** Opens a collaborative document for the lifetime of the component. */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { createCollab, type Collab, type CollabOptions, type CollabSnapshot } from '../../lib/collab.js';

const idle: CollabSnapshot = { state: 'connecting', dirty: false, closed: null, readOnly: false };
const noop = () => () => {};

export function useCollab(docName: string, options?: CollabOptions): { collab: Collab | null; snapshot: CollabSnapshot } {
  const [collab, setCollab] = useState<Collab | null>(null);
  const optionsRef = useRef(options);
  optionsRef.current = options;

  useEffect(() => {
    const c = createCollab(docName, { hasAccess: optionsRef.current?.hasAccess ? () => optionsRef.current!.hasAccess!() : undefined });
    setCollab(c);
    return () => {
      setCollab(null);
      c.destroy();
    };
  }, [docName]);

  const snapshot = useSyncExternalStore(
    collab ? collab.subscribe : noop,
    collab ? collab.getSnapshot : () => idle,
  );
  return { collab, snapshot };
}

/** Asks the browser to warn before the tab closes while changes are unsent. */
export function useWarnBeforeUnload(active: boolean) {
  useEffect(() => {
    if (!active) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [active]);
}
