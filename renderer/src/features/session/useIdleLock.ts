import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { call } from '../../lib/api';
import { sharedQueries } from '../../lib/queries';

const ACTIVITY = ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Locks the console after the configured idle minutes. Main enforces the same
 * limit on its side; this only makes the lock visible at once.
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
    const touch = () => (last.current = Date.now());
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
