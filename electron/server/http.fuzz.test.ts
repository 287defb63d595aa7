import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../shared/contract';
import { rawRequest, rpc, startTestHost } from './test-client';

/**
 * Fuzzes the HTTP layer itself (the channel payloads have their own property tests):
 * request lines, methods, paths and their encodings, headers, framing and bodies, sent
 * as raw bytes. Whatever arrives, the host answers below 500 (or closes the socket),
 * never shows a stack, never logs an unexpected error, and keeps serving.
 */
let host: Awaited<ReturnType<typeof startTestHost>>;
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(() => host.close());

const hex = (bytes: Uint8Array) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

const method = fc.oneof(
  fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT', 'PRI'),
  fc.stringMatching(/^[A-Za-z!#$%&'*+.^_`|~-]{1,12}$/),
  fc.string({ maxLength: 8 }),
);

const segment = fc.oneof(
  fc.constantFrom(...CHANNEL_NAMES),
  fc.constantFrom(
    '..',
    '.',
    '',
    '%',
    '%%',
    '%2e%2e',
    '%2f',
    '%5c',
    '%00',
    '%E0%A4%A',
    '%ED%A0%80',
    '%C0%AF',
    'index.html',
  ),
  fc.uint8Array({ maxLength: 12 }).map(hex),
  fc.string({ maxLength: 16 }).map(encodeURIComponent),
  fc.string({ unit: 'binary', maxLength: 8 }), // raw, unencoded: the parser must cope
);
const path = fc.oneof(
  fc.constantFrom('/', '/events', '/rpc/', '/rpc', '*', '//x', 'http://127.0.0.1/', '/index.html?x=%', ''),
  fc
    .tuple(fc.constantFrom('/', '/rpc/', '/assets/', '/events/'), fc.array(segment, { maxLength: 4 }))
    .map(([p, s]) => p + s.join('/')),
  fc.string({ maxLength: 3000 }).map((s) => `/${encodeURIComponent(s)}`),
);

const header = (name: string, value: fc.Arbitrary<string>) => value.map((v) => [name, v] as const);
const headers = fc.tuple(
  fc.option(
    header(
      'Host',
      fc.oneof(
        fc.constant('HOST'),
        fc.constantFrom('localhost:PORT', 'evil.example', '127.0.0.1', '127.0.0.1:1', '', '[::1]:PORT'),
      ),
    ),
    { nil: undefined, freq: 5 },
  ),
  fc.option(
    header('Origin', fc.constantFrom('ORIGIN', 'null', 'http://evil.example', 'http://localhost:PORT', 'file://')),
  ),
  fc.option(header('x-token', fc.oneof(fc.constant('TOKEN'), fc.string({ maxLength: 60 }))), { freq: 3 }),
  fc.option(header('x-client', fc.oneof(fc.constant(randomUUID()), fc.string({ maxLength: 80 })))),
  fc.option(
    header(
      'Content-Type',
      fc.constantFrom('application/json', 'text/plain', 'multipart/form-data; boundary=x', '\u00ff'),
    ),
  ),
  fc.option(header('Transfer-Encoding', fc.constantFrom('chunked', 'gzip', 'chunked, chunked', 'identity', 'x'))),
  fc.option(header('Content-Encoding', fc.constantFrom('gzip', 'br', 'deflate', 'x'))),
  fc.option(header('Content-Length', fc.constantFrom('LEN', '0', '-1', '99999999999999999999', 'abc', '5, 6', '1e3'))),
  fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/), fc.string({ unit: 'binary', maxLength: 40 })), {
    maxLength: 4,
  }),
);
const body = fc.oneof(
  fc.constant(''),
  fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
  fc.constantFrom('{', '{"a":', '\u00ff\u00fe', '0\r\n\r\n', 'zz\r\nabc\r\n'),
);
const version = fc.constantFrom('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1x', '');

type Header = readonly [string, string] | null | undefined;

function render([m, p, v, h, b]: [string, string, string, readonly unknown[], string]): Buffer {
  const port = String(host.port);
  const fill = (s: string) =>
    s
      .replace('HOST', `127.0.0.1:${port}`)
      .replace('ORIGIN', `http://127.0.0.1:${port}`)
      .replace('PORT', port)
      .replace('TOKEN', host.token)
      .replace('LEN', String(Buffer.byteLength(b, 'latin1')));
  const fixed = h.slice(0, -1) as Header[];
  const extra = h[h.length - 1] as [string, string][];
  const lines = fixed
    .filter((x): x is readonly [string, string] => Array.isArray(x))
    .concat(extra)
    .map(([k, val]) => `${k}: ${fill(val)}`);
  return Buffer.from(`${m} ${p} ${v}\r\n${lines.join('\r\n')}\r\nConnection: close\r\n\r\n${b}`, 'latin1');
}

it('no request, however malformed, gets a 5xx, a stack, or ends the host', async () => {
  const logged = vi.spyOn(console, 'error');
  // In the real host an uncaught exception ends the process; here it would only be logged.
  const crashes: unknown[] = [];
  const onCrash = (err: unknown) => crashes.push(err);
  process.on('uncaughtException', onCrash);
  let answered = 0;
  await fc.assert(
    fc.asyncProperty(fc.tuple(method, path, version, headers, body), async (req) => {
      const res = await rawRequest(host.port, render(req), 400);
      if (res.status !== null) {
        answered++;
        expect(res.status).toBeGreaterThanOrEqual(100);
        expect(res.status).toBeLessThan(500);
      }
      expect(res.body).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(res.body).not.toMatch(/(URI|Type|Range|Syntax)Error/);
    }),
    { numRuns: 400, seed: 20261101 },
  );
  // The property would pass vacuously if nothing ever answered.
  expect(answered).toBeGreaterThan(200);
  const unexpected = logged.mock.calls.filter((c) => /unexpected error/.test(String(c[0])));
  expect(unexpected).toEqual([]);
  logged.mockRestore();
  process.off('uncaughtException', onCrash);
  expect(crashes).toEqual([]);
  expect((await rpc(host, 'app:ping', {})).json).toEqual({ ok: true, data: { pong: true } });
}, 120_000);
