import { useSyncExternalStore } from 'react';

/** A tiny hash router: `#/audit?entityType=operator`. Hash routes work from file:// under Electron. */
export interface Route {
  path: string;
  params: URLSearchParams;
}

function read(): Route {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?');
  return { path: path || '/', params: new URLSearchParams(query) };
}

let current = read();
const listeners = new Set<() => void>();
window.addEventListener('hashchange', () => {
  current = read();
  listeners.forEach((l) => l());
});

export function useRoute(): Route {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

export function navigate(path: string, params?: Record<string, string | number | undefined | null>): void {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const qs = q.toString();
  location.hash = `#${path}${qs ? `?${qs}` : ''}`;
}

/** Replaces the query of the current route without adding history (filters reflected in the URL). */
export function replaceParams(params: Record<string, string | number | undefined | null>): void {
  // Mid-navigation (popstate fires before hashchange, e.g. a drawer closing as the user leaves its
  // page) the leaving page's params are moot: writing them would put the user back on that page.
  if (read().path !== current.path) return;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const qs = q.toString();
  // Keeps the history entry's state (an open drawer's marker: components/SideDrawer.tsx).
  history.replaceState(
    history.state,
    '',
    `${location.pathname}${location.search}#${current.path}${qs ? `?${qs}` : ''}`,
  );
  current = read();
  listeners.forEach((l) => l());
}
