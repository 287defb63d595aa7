import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { injectCspMeta } from './electron/main/security';
import { mainInputs, workerCheck } from './scripts/build/worker-check';
import { CHANNEL_NAMES, EVENT_NAMES, splitChannel } from './shared/contract';

export default defineConfig({
  main: {
    // Fails the build when a worker entry is missing or misplaced (scripts/build/worker-check.ts).
    plugins: [workerCheck()],
    build: {
      rollupOptions: {
        // One build serves both hosts (the Electron main process and the browser-mode server)
        // and the worker threads, whose list lives in electron/workers/entries.ts.
        input: mainInputs(resolve('.')),
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require node_modules: bundle everything into it.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve('electron/preload/index.ts') } },
    },
    // The preload needs the contract's names only, not its zod schemas: they are baked in here.
    define: {
      __CHANNELS__: JSON.stringify(CHANNEL_NAMES.map((name) => [name, ...splitChannel(name)])),
      __EVENT_NAMES__: JSON.stringify(EVENT_NAMES),
    },
  },
  renderer: {
    root: 'renderer',
    base: './',
    build: {
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
      // Minified, and split by route (renderer/src/app/Pages.tsx loads each page lazily).
      minify: true,
      chunkSizeWarningLimit: 1500,
    },
    plugins: [
      react(),
      // The built page is loaded from file:// where no header can carry the CSP: a <meta> tag does.
      // Not in dev: the dev server's page gets the header, and its HMR needs inline scripts.
      { name: 'csp-meta', apply: 'build', transformIndexHtml: (html: string) => injectCspMeta(html) },
    ],
  },
});
