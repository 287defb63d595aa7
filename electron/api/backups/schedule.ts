import type { Services } from '../core/context';
import { backupIfDue } from './runtime';

/** How often the schedule looks whether a backup is due (the interval itself is a setting, in hours). */
export const BACKUP_CHECK_MS = 60_000;

/** The scheduled backups of a desk's SQLite file; unref'd, so the timer never keeps a host alive. */
export function scheduleBackups(services: Services, log: (line: string) => void): () => void {
  const timer = setInterval(() => {
    // services.engine, not the engine at start: a restore replaces it.
    backupIfDue(services.engine).then(
      (made) => made && log(`Scheduled backup ${made.name} written and verified.`),
      (err) => log(`Scheduled backup failed: ${err instanceof Error ? err.message : String(err)}`),
    );
  }, BACKUP_CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
