import type { Services } from '../api/core/context';
import { activateDueVersions } from '../api/fees/versions';

/**
 * Work that falls due while the app was closed (for example a fee schedule whose
 * effective-from passed) runs here at every start. Capabilities add their steps.
 */
export async function activateDueWork(services: Services): Promise<void> {
  await activateDueVersions(services);
}

/** While the app runs, due work is picked up within this many milliseconds. */
export const DUE_WORK_INTERVAL_MS = 5_000;
