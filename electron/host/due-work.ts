import type { Services } from '../api/core/context';
import { activateDueVersions } from '../api/fees/versions';
import { returnDueReviews } from '../api/frozen/due-reviews';
import { resumeRollupRebuild } from '../workers/rollup-rebuild-run';

/**
 * Work that falls due with time rather than with a call: a fee version whose
 * effective-from passed, a kept-frozen case whose review date came, a rollup rebuild that a
 * stopped app left under way (SQLite; PostgreSQL rebuilds in its reader's transaction). It runs here at every
 * start and then on a timer, never inside a read: read-only channels write nothing.
 */
export async function activateDueWork(services: Services): Promise<void> {
  await activateDueVersions(services);
  await returnDueReviews(services);
  if (services.sqlite) resumeRollupRebuild(services.sqlite, () => services.emit('settings:changed', {}));
}

/** While the app runs, due work is picked up within this many milliseconds. */
export const DUE_WORK_INTERVAL_MS = 5_000;
