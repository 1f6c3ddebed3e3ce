/**
 * A component whose code is fetched on demand, without React.lazy and
 * Suspense: React 19 holds back content that replaces a Suspense fallback for
 * up to 300 ms (its fallback throttle), and a page's data requests start only
 * once it is shown, so a lazy page waited 300 ms for nothing on every first
 * load. Here the code is fetched once (`preload`, which App also calls for the
 * route a tab opens on), and a component whose code is already here renders at
 * once; otherwise it shows the loading text until it is.
 */
import { useEffect, useState, type ComponentType } from 'react';
import { useT } from '../i18n/index.js';

export interface LazyPage<P> {
  Page: ComponentType<P>;
  /** Starts fetching the code (once); resolves when it is here. */
  preload(): Promise<unknown>;
}

/** `load` resolves to the component, e.g. `() => import('./Page.js').then((m) => m.default)`. */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): LazyPage<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (loading ??= load().then(
      (c) => (loaded = c),
      (err: unknown) => {
        loading = null; // a later visit may try again (e.g. after a new deployment)
        throw err;
      },
    ));

  function Page(props: P) {
    const t = useT();
    const [component, setComponent] = useState<ComponentType<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (component) return;
      let cancelled = false;
      preload().then(
        (c) => !cancelled && setComponent(() => c),
        () => !cancelled && setFailed(true),
      );
      return () => {
        cancelled = true;
      };
    }, [component]);
    if (component) {
      const Component = component;
      return <Component {...props} />;
    }
    return (
      <p className="status-text" role={failed ? 'alert' : 'status'}>
        {t(failed ? 'app.loadError' : 'app.loading')}
      </p>
    );
  }
  return { Page, preload };
}
