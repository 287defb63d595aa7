import os from 'node:os';

/**
 * Lowers the calling worker thread's scheduling priority, so that on a busy machine the
 * main thread (which answers every call) wins the core whenever both want it. Linux keeps
 * the nice value per thread; elsewhere it is per process and would slow main too, so
 * there this does nothing.
 */
export function runInBackground(platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'linux') return false;
  try {
    os.setPriority(0, 10);
    return true;
  } catch {
    return false; // not permitted in this container: run at normal priority
  }
}
