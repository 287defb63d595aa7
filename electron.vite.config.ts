import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { mainInputs, workerCheck } from './scripts/build/worker-check';

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
  },
  renderer: {
    root: 'renderer',
    base: './',
    build: {
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
      chunkSizeWarningLimit: 4000,
    },
    plugins: [react()],
  },
});
