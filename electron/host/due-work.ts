import type { Services } from '../api/core/context';
import { activateDueVersions } from '../api/fees/versions';
import { returnDueReviews } from '../api/frozen/due-reviews';

/**
 * Work that falls due with time: a fee schedule whose effective-from passed, a case kept
 * frozen until a review date that has come. It runs at every start (for what fell due
 * while the app was closed) and on a timer while it runs. Capabilities add their steps.
 */
export async function activateDueWork(services: Services): Promise<void> {
  await activateDueVersions(services);
  await returnDueReviews(services);
}

/** While the app runs, due work is picked up within this many milliseconds. */
export const DUE_WORK_INTERVAL_MS = 5_000;
