import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { injectCspMeta } from './electron/main/security';

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // One build serves both hosts: the Electron main process and the browser-mode server.
        input: {
          index: resolve('electron/main/index.ts'),
          server: resolve('electron/server/cli.ts'),
          // The CSV import runs on a worker thread; jobs.ts finds it next to the main bundle.
          'import-worker': resolve('electron/imports/worker.ts'),
          // The fee impact simulation's worker thread, loaded from beside the main bundle.
          feeSimulation: resolve('electron/workers/fee-simulation.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require node_modules: bundle everything into it.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve('electron/preload/index.ts') } },
    },
  },
  renderer: {
    root: 'renderer',
    base: './',
    build: {
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
      chunkSizeWarningLimit: 4000,
    },
    plugins: [
      react(),
      // The built page is loaded from file:// where no header can carry the CSP: a <meta> tag does.
      // Not in dev: the dev server's page gets the header, and its HMR needs inline scripts.
      { name: 'csp-meta', apply: 'build', transformIndexHtml: (html: string) => injectCspMeta(html) },
    ],
  },
});
