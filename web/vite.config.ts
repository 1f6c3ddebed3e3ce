/**
 * Vite config for the browser app. Run from the repo root:
 *   npx vite --config web/vite.config.ts          (dev, proxies to the server on :3000)
 *   npx vite build --config web/vite.config.ts    (writes dist/web)
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
/** Where the dev server proxies API and websocket calls; override with SAMRAAD_BACKEND. */
const backend = process.env.SAMRAAD_BACKEND ?? 'http://127.0.0.1:3000';

/**
 * src/early.ts is an entry of its own, and its script goes into index.html before the app's: a few hundred bytes
 * that start the page's first requests (app/prefetch.ts) while the app's much larger script is still on its way.
 * A second module script in index.html itself would be bundled into the app's entry, and run only after all of it.
 */
function earlyScript(): Plugin {
  return {
    name: 'samraad-early-script',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const early = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.isEntry && c.name === 'early');
        if (!early) throw new Error('the early entry (src/early.ts) is missing from the bundle');
        // Module scripts run in document order: this one as soon as it (and its few imports) arrived.
        return html.replace(/(\s*)<script type="module"/, `$1<script type="module" crossorigin src="/${early.fileName}"></script>$1<script type="module"`);
      },
    },
  };
}

export default defineConfig({
  root: webRoot,
  plugins: [react(), earlyScript()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    rollupOptions: {
      input: { index: fileURLToPath(new URL('index.html', import.meta.url)), early: fileURLToPath(new URL('src/early.ts', import.meta.url)) },
    },
  },
  server: {
    // shared/ lives beside web/, outside Vite's root.
    fs: { allow: [repoRoot] },
    proxy: {
      '/api': { target: backend },
      '/healthz': { target: backend },
      '/collab': { target: backend, ws: true },
      '/socket.io': { target: backend, ws: true },
    },
  },
  preview: {
    proxy: {
      '/api': { target: backend },
      '/healthz': { target: backend },
      '/collab': { target: backend, ws: true },
      '/socket.io': { target: backend, ws: true },
    },
  },
});
