import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { call } from '../../lib/api';
import { sharedQueries } from '../../lib/queries';

const ACTIVITY = ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart'] as const;
/** How often real input is reported to main at most: well inside the shortest idle lock (1 minute). */
const REPORT_EVERY_MS = 15_000;

/**
 * Locks the console after the configured idle minutes. Main enforces the same limit on its
 * side and counts only what this reports: the operator's own input (session:activity), never
 * the background calls the app makes by itself.
 */
export function useIdleLock(active: boolean): { locked: boolean; clear: () => void } {
  const settings = useQuery({ ...sharedQueries.settings(), enabled: active });
  const minutes = settings.data?.idleLockMinutes ?? 15;
  const [locked, setLocked] = useState(false);
  const last = useRef(Date.now());

  useEffect(() => {
    if (!active) {
      setLocked(false);
      return;
    }
    last.current = Date.now();
    let reported = 0;
    const touch = () => {
      last.current = Date.now();
      if (last.current - reported < REPORT_EVERY_MS) return;
      reported = last.current;
      void call('session:activity', {}).catch(() => {});
    };
    ACTIVITY.forEach((e) => window.addEventListener(e, touch, { passive: true }));
    const timer = setInterval(() => {
      if (Date.now() - last.current > minutes * 60_000) {
        setLocked(true);
        void call('session:lock', {}).catch(() => {});
      }
    }, 5_000);
    return () => {
      clearInterval(timer);
      ACTIVITY.forEach((e) => window.removeEventListener(e, touch));
    };
  }, [active, minutes]);

  const clear = useCallback(() => {
    last.current = Date.now();
    setLocked(false);
  }, []);
  return { locked: locked && active, clear };
}
