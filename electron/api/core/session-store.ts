import type { Services, Session } from './context';
import { readSettings } from '../../db/settings';

/**
 * The caller's session, with the idle lock enforced here as well as in the UI: a session
 * whose operator has given no input for the configured minutes is locked, whatever the
 * renderer says. Calls themselves never count as input (a background refetch or a ping
 * would keep a session open forever); only `recordActivity` does.
 */
export function currentSession(services: Services, clientKey: string): Session | null {
  const session = services.sessions.get(clientKey);
  if (!session) return null;
  const idleMs = readSettings(services.engine).idleLockMinutes * 60_000;
  if (services.now().getTime() - session.lastActiveAt > idleMs) session.locked = true;
  return session;
}

/** The operator's own input (a key, a click, a scroll), reported by the renderer. */
export function recordActivity(services: Services, session: Session): void {
  if (!session.locked) session.lastActiveAt = services.now().getTime();
}

/**
 * Ends an operator's sessions in every window at once (disabled, role changed, password
 * reset), except the caller's own when `keep` names it. Their next call is refused.
 */
export function endSessions(services: Services, operatorId: number, keep?: string): number {
  let ended = 0;
  for (const [key, s] of services.sessions) {
    if (s.operatorId === operatorId && key !== keep) {
      services.sessions.delete(key);
      ended++;
    }
  }
  return ended;
}
