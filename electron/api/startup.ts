import type { Services } from './context';

/**
 * Work that falls due while the app was closed (for example a fee schedule whose
 * effective-from passed) runs here at every start. Capabilities add their steps.
 */
export async function activateDueWork(services: Services): Promise<void> {
  void services;
}
