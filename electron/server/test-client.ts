import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { handlers } from '../api/handlers';
import { createServices } from '../api/core/services';
import { openDatabase } from '../db/open';
import { startBrowserHost, type BrowserHost } from './http';

/** A real browser-mode host on a fresh database in a temporary folder, for HTTP-level tests. */
export async function startTestHost(opts: { handlers?: typeof handlers } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-http-'));
  const staticDir = path.join(dir, 'renderer');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>console</title>');
  const sqlite = openDatabase(path.join(dir, 'test.db'));
  const wiring = createServices(sqlite, 'browser');
  const host: BrowserHost = await startBrowserHost({
    services: wiring.services,
    handlers: opts.handlers ?? handlers,
    subscribe: wiring.subscribe,
    staticDir,
  });
  return {
    ...host,
    port: Number(new URL(host.url).port),
    dir,
    sqlite,
    services: wiring.services,
    async close() {
      await host.close();
      sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number | null;
  head: string;
  body: string;
  /** The server closed or reset the connection (with or without answering). */
  closed: boolean;
  reset: boolean;
}

/**
 * Sends bytes exactly as given (no client-side validation, unlike http.request) and
 * collects what comes back until the server closes the socket or `waitMs` passes.
 */
export function rawRequest(port: number, bytes: string | Buffer, waitMs = 1500): Promise<RawResponse> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let reset = false;
    let closed = false;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const [head, ...rest] = text.split('\r\n\r\n');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : null, head: head ?? '', body: rest.join('\r\n\r\n'), closed, reset });
    };
    const timer = setTimeout(finish, waitMs);
    socket.on('data', (c) => {
      chunks.push(c);
      // One complete response with a length is enough: no need to wait for the close.
      const text = Buffer.concat(chunks).toString('latin1');
      const len = /\r\ncontent-length: (\d+)/i.exec(text);
      const end = text.indexOf('\r\n\r\n');
      if (len && end >= 0 && Buffer.byteLength(text, 'latin1') - end - 4 >= Number(len[1])) finish();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNRESET' || e.code === 'EPIPE') reset = true;
    });
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.write(bytes);
  });
}

/** A well-formed request from the console's own page: right Host, token and client id. */
export function rpc(
  host: { port: number; token: string },
  channel: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown }> {
  return fetch(`http://127.0.0.1:${host.port}/rpc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-token': host.token, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }).then(async (res) => ({ status: res.status, json: await res.json().catch(() => null) }));
}
