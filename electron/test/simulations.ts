import type { SimulationStatus } from '../../shared/contract/fees';
import type { TestConsole } from './harness';

/** Polls a fee impact simulation as the renderer does until it has left the queue and finished. */
export async function settledSimulation(
  t: Pick<TestConsole, 'ok'>,
  client: string,
  s: SimulationStatus,
): Promise<SimulationStatus> {
  while (s.state === 'running' || s.state === 'queued') {
    await new Promise((r) => setTimeout(r, 20));
    s = await t.ok(client, 'fees:simulationStatus', { jobId: s.jobId });
  }
  return s;
}

/** Runs `work` with the worker threads loaded from their sources (the app loads the built ones). */
export async function withSourceWorkers<T>(work: () => Promise<T>): Promise<T> {
  process.env.WALLET_OPS_TS_WORKER = '1';
  try {
    return await work();
  } finally {
    delete process.env.WALLET_OPS_TS_WORKER;
  }
}
