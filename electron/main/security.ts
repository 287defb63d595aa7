import { pathToFileURL } from 'node:url';
import type { WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';

/**
 * The one URL the window may show and IPC may come from: the dev server's root in development,
 * else the built index.html as a file URL. Hash routes (#/refunds) stay on it.
 */
export function appUrl(devServerUrl: string | null, rendererFile: string): string {
  return devServerUrl ? new URL('/', devServerUrl).href : pathToFileURL(rendererFile).href;
}

/** Whether `url` is the app's own page: exactly the app URL, whatever the hash route. */
export function isAppUrl(url: string, app: string): boolean {
  try {
    const u = new URL(url);
    u.hash = '';
    return u.href === app;
  } catch {
    return false;
  }
}

/** Keeps the window on the app: any navigation or redirect elsewhere is stopped. */
export function guardNavigation(contents: WebContents, app: string): void {
  const stop = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url, app)) event.preventDefault();
  };
  contents.on('will-navigate', stop);
  contents.on('will-redirect', stop);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * The CSP as a <meta> tag, for the built index.html: a file:// page gets no response headers,
 * so onHeadersReceived cannot set it there. frame-ancestors is dropped (ignored in a meta tag);
 * the window refuses to be framed anyway, being a top-level window with no webviews.
 */
export function cspMetaTag(policy = CONTENT_SECURITY_POLICY): string {
  const content = policy
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !d.startsWith('frame-ancestors'))
    .join('; ');
  return `<meta http-equiv="Content-Security-Policy" content="${content}" />`;
}

/** Puts the CSP first in <head>, before any script or stylesheet can load. */
export function injectCspMeta(html: string): string {
  if (!/<head>/i.test(html)) throw new Error('index.html has no <head> for the CSP');
  return html.replace(/<head>/i, (head) => `${head}\n    ${cspMetaTag()}`);
}
