/**
 * How long to wait before the next try at an unreachable team database: 1, 2, 4, 8, 16 s, then
 * every 30 s. Short at first (a restarted server or a blip is back within seconds), never more than
 * 30 s, so a desk notices a returned database quickly without every desk hammering a struggling one.
 */
export function retryDelayMs(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempt));
}
