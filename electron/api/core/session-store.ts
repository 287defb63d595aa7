import type { Services, Session } from './context';
import { readSettings } from '../../db/settings';

/**
 * The caller's session, with the idle lock enforced here as well as in the UI:
 * a session idle past the configured minutes is locked whatever the renderer says.
 */
export function currentSession(services: Services, clientKey: string): Session | null {
  const session = services.sessions.get(clientKey);
  if (!session) return null;
  const now = services.now().getTime();
  const idleMs = readSettings(services.sqlite).idleLockMinutes * 60_000;
  if (now - session.lastActiveAt > idleMs) session.locked = true;
  if (!session.locked) session.lastActiveAt = now;
  return session;
}
