/**
 * Vite config for the browser app. Run from the repo root:
 *   npx vite --config web/vite.config.ts          (dev, proxies to the server on :3000)
 *   npx vite build --config web/vite.config.ts    (writes dist/web)
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
/** Where the dev server proxies API and websocket calls; override with SAMRAAD_BACKEND. */
const backend = process.env.SAMRAAD_BACKEND ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
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
