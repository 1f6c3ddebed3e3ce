/**
 * Vite config for the browser app. Run from the repo root:
 *   npx vite --config web/vite.config.ts          (dev, proxies to the server on :3000)
 *   npx vite build --config web/vite.config.ts    (writes dist/web)
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
/** Where the dev server proxies API and websocket calls; override with SAMRAAD_BACKEND. */
const backend = process.env.SAMRAAD_BACKEND ?? 'http://127.0.0.1:3000';

/**
 * src/early.ts is an entry of its own, and its script goes into index.html, `async`, before the app's: half a
 * kilobyte that starts the page's first requests (app/prefetch.ts) while the app's much larger script is still on
 * its way. A second module script in index.html itself would be bundled into the app's entry and run only after all
 * of it. The build also writes into early.ts the files of the meeting page's code (its chunk and what it imports),
 * which early.ts asks the browser to fetch on a meeting page.
 */
function earlyScript(): Plugin {
  const meetingPage = /\/features\/meeting\/MeetingPage\.tsx$/;
  return {
    name: 'samraad-early-script',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const early = chunks.find((c) => c.isEntry && c.name === 'early');
      const page = chunks.find((c) => c.facadeModuleId && meetingPage.test(c.facadeModuleId));
      if (!early || !page) throw new Error('the early entry or the meeting page chunk is missing from the bundle');
      const files = new Set<string>();
      const visit = (fileName: string) => {
        const chunk = bundle[fileName];
        if (!chunk || chunk.type !== 'chunk' || files.has(fileName)) return;
        files.add(fileName);
        for (const imported of chunk.imports) visit(imported);
      };
      visit(page.fileName);
      // The placeholder is a string literal in the minified code, in whichever quotes the minifier chose.
      const json = JSON.stringify([...files]);
      const placeholder = /(["'`])__SAMRAAD_MEETING_CODE__\1/;
      if (!placeholder.test(early.code)) throw new Error('early.ts lost its placeholder for the meeting code');
      early.code = early.code.replace(placeholder, (_, q: string) => q + (q === '"' ? json.replaceAll('"', '\\"') : json) + q);
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const early = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.isEntry && c.name === 'early');
        if (!early) throw new Error('the early entry (src/early.ts) is missing from the bundle');
        // async: it runs as soon as it has arrived, not after the document (or the app's script) is ready.
        return html.replace(/(\s*)<script type="module"/, `$1<script type="module" async crossorigin src="/${early.fileName}"></script>$1<script type="module"`);
      },
    },
  };
}

/**
 * Compresses the built assets once (docs/SPEC.md, H10): a brotli (quality 11) and a gzip (level 9) copy beside every
 * text file of dist/web/assets of 1 KB or more, which the server sends as they are (`serveStatic({ precompressed })`
 * in server/app.ts) instead of compressing each file on each request. Smaller files are served uncompressed.
 */
function precompressAssets(): Plugin {
  const compressible = /\.(?:js|css|svg|json|html|map)$/;
  const minBytes = 1024;
  const brotli = promisify(zlib.brotliCompress);
  const gzip = promisify(zlib.gzip);
  return {
    name: 'samraad-precompress-assets',
    apply: 'build',
    async writeBundle(options) {
      if (!options.dir) throw new Error('precompress: the build has no output folder');
      const assets = path.join(options.dir, 'assets');
      const names = (await fs.readdir(assets)).filter((name) => compressible.test(name));
      await Promise.all(
        names.map(async (name) => {
          const file = path.join(assets, name);
          const raw = await fs.readFile(file);
          if (raw.length < minBytes) return;
          const [br, gz] = await Promise.all([
            brotli(raw, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
                [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
              },
            }),
            gzip(raw, { level: 9 }),
          ]);
          await Promise.all([fs.writeFile(`${file}.br`, br), fs.writeFile(`${file}.gz`, gz)]);
        }),
      );
    },
  };
}

export default defineConfig({
  root: webRoot,
  plugins: [react(), earlyScript(), precompressAssets()],
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
