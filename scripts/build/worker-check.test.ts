import { describe, expect, it } from 'vitest';
import { workerLayoutProblem } from './worker-check';

const entry = { type: 'chunk' as const, isEntry: true };
const chunk = { type: 'chunk' as const, isEntry: false };

describe('the build check for worker entries', () => {
  it('passes the layout electron-vite produces', () => {
    expect(
      workerLayoutProblem({
        'index.js': entry,
        'server.js': entry,
        'import-worker.js': entry,
        'feeSimulation.js': entry,
        'backupCheck.js': entry,
        'csvExport.js': entry,
        'rollupRebuild.js': entry,
        'counter.js': entry,
        'chunks/csp-abc.js': chunk,
      }),
    ).toBeNull();
  });

  it('fails when a worker entry is missing or is only a chunk', () => {
    expect(workerLayoutProblem({ 'index.js': entry, 'feeSimulation.js': entry })).toMatch(/import-worker/);
    expect(workerLayoutProblem({ 'import-worker.js': entry, 'feeSimulation.js': chunk })).toMatch(/feeSimulation/);
  });

  it('fails when code lands where bundleDir() cannot find the workers', () => {
    expect(
      workerLayoutProblem({
        'import-worker.js': entry,
        'feeSimulation.js': entry,
        'backupCheck.js': entry,
        'csvExport.js': entry,
        'rollupRebuild.js': entry,
        'counter.js': entry,
        'shared/deep/x.js': chunk,
      }),
    ).toMatch(/shared\/deep\/x.js/);
  });
});
