import { isRetryable } from './postgres/connect';

/**
 * Runs a unit of work again when PostgreSQL refused its SERIALIZABLE transaction (40001) or
 * broke a deadlock (40P01): the transaction did nothing, so running it again is safe. Every
 * handler's writes are one transaction, so dispatch retries the whole handler. SQLite never
 * raises these (one connection, BEGIN IMMEDIATE).
 */
export async function runWithRetry<T>(work: () => Promise<T>, attempts = 12): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (err) {
      if (!isRetryable(err) || i >= attempts) throw err;
      // Jittered backoff so two desktops that collided do not collide again in step.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 5 * 2 ** i)));
    }
  }
}
