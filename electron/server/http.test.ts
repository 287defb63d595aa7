import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../api/session/passwords';
import { MAX_BODY } from './body';
import { MAX_STREAMS_PER_CLIENT } from './events';
import { rawRequest, rpc, startTestHost } from './test-client';

let host: Awaited<ReturnType<typeof startTestHost>>;
beforeAll(async () => {
  host = await startTestHost();
  host.sqlite
    .prepare(
      "INSERT INTO operators (username, display_name, role, password_hash, created_at) VALUES ('agent', 'Agent', 'agent', ?, ?)",
    )
    .run(await hashPassword('agent123'), new Date('2026-01-01T00:00:00Z').toISOString());
});
afterAll(() => host.close());

const hostHeader = () => `Host: 127.0.0.1:${host.port}\r\n`;
const alive = async () => (await rpc(host, 'app:ping', {})).json;

describe('malformed requests get a 4xx and never end the process', () => {
  it.each([
    ['GET /%E0%A4%A HTTP/1.1', 400],
    ['GET /%zz HTTP/1.1', 400],
    ['GET /%00 HTTP/1.1', 400],
    ['GET /..%2f..%2fetc%2fpasswd HTTP/1.1', 404],
    ['GET /%ED%A0%80 HTTP/1.1', 400], // an encoded lone surrogate
    ['GET http://127.0.0.1/ HTTP/1.1', 400], // absolute-form target
    ['GET * HTTP/1.1', 400],
  ])('%s → %i', async (line, status) => {
    const res = await rawRequest(host.port, `${line}\r\n${hostHeader()}Connection: close\r\n\r\n`);
    expect(res.status).toBe(status);
    expect(await alive()).toEqual({ ok: true, data: { pong: true } });
  });

  it('POST /rpc/% with and without the token', async () => {
    for (const token of ['', `x-token: ${host.token}\r\n`]) {
      const res = await rawRequest(
        host.port,
        `POST /rpc/% HTTP/1.1\r\n${hostHeader()}${token}Content-Length: 2\r\nConnection: close\r\n\r\n{}`,
      );
      expect(res.status).toBe(400);
    }
    expect(await alive()).toEqual({ ok: true, data: { pong: true } });
  });

  it('bad header bytes, broken chunking and oversized headers are refused', async () => {
    const cases = [
      `GET / HTTP/1.1\r\n${hostHeader()}X-Bad\u0001: 1\r\n\r\n`,
      `GET / HTTP/1.1\r\n${hostHeader()}Content-Length: abc\r\n\r\n`,
      `POST /rpc/app:ping HTTP/1.1\r\n${hostHeader()}Transfer-Encoding: chunked\r\nx-token: ${host.token}\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
      `GET / HTTP/1.1\r\n${hostHeader()}X-Long: ${'a'.repeat(20_000)}\r\n\r\n`,
      `GET / HTTP/9.9\r\n${hostHeader()}\r\n`,
      `\u0000\u0001\u0002garbage\r\n\r\n`,
    ];
    for (const c of cases) {
      const res = await rawRequest(host.port, Buffer.from(c, 'latin1'));
      if (res.status !== null) expect(res.status, c.slice(0, 60)).toBeGreaterThanOrEqual(400);
      if (res.status !== null) expect(res.status, c.slice(0, 60)).toBeLessThan(500);
    }
    expect(await alive()).toEqual({ ok: true, data: { pong: true } });
  });

  it('a body that is not JSON, or not UTF-8, gets a 400 with the error envelope', async () => {
    const notJson = await rpc(host, 'app:ping', '{"fail": tru');
    expect(notJson.status).toBe(400);
    expect(notJson.json).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const res = await rawRequest(
      host.port,
      Buffer.concat([
        Buffer.from(
          `POST /rpc/app:ping HTTP/1.1\r\n${hostHeader()}x-token: ${host.token}\r\nContent-Length: 4\r\nConnection: close\r\n\r\n`,
        ),
        Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
      ]),
    );
    expect(res.status).toBe(400);
  });

  it('an oversized body gets a 413 the client can read, not a reset', async () => {
    const big = `{"x":"${'a'.repeat(MAX_BODY + 10)}"}`;
    const declared = await rpc(host, 'app:ping', big);
    expect(declared.status).toBe(413);
    expect(declared.json).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    // Chunked, so the size is only known while reading.
    const chunked = await rawRequest(
      host.port,
      `POST /rpc/app:ping HTTP/1.1\r\n${hostHeader()}x-token: ${host.token}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
        `${big.length.toString(16)}\r\n${big}\r\n0\r\n\r\n`,
      3000,
    );
    expect(chunked.status).toBe(413);
    expect(chunked.reset).toBe(false);
    expect(await alive()).toEqual({ ok: true, data: { pong: true } });
  });
});

describe('Host and Origin', () => {
  const call = (headers: Record<string, string>) =>
    rawRequest(
      host.port,
      `POST /rpc/app:ping HTTP/1.1\r\n${Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('')}x-token: ${host.token}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    );

  it('treats localhost and 127.0.0.1 alike, in Host and in Origin', async () => {
    for (const name of ['127.0.0.1', 'localhost', 'LOCALHOST']) {
      for (const origin of [undefined, `http://127.0.0.1:${host.port}`, `http://localhost:${host.port}`]) {
        const res = await call({ Host: `${name}:${host.port}`, ...(origin ? { Origin: origin } : {}) });
        expect(res.status, `${name} ${origin}`).toBe(200);
      }
    }
  });

  it('refuses other hosts (DNS rebinding) and other origins', async () => {
    expect((await call({ Host: `evil.example:${host.port}` })).status).toBe(421);
    expect((await call({ Host: `127.0.0.1:${host.port + 1}` })).status).toBe(421);
    expect([400, 421]).toContain((await call({})).status); // Node itself refuses a missing Host
    for (const origin of [
      'null',
      `https://127.0.0.1:${host.port}`,
      `http://evil.example:${host.port}`,
      `http://localhost:${host.port}/x`,
    ]) {
      expect((await call({ Host: `127.0.0.1:${host.port}`, Origin: origin })).status, origin).toBe(403);
    }
  });
});

describe('client ids', () => {
  const signIn = (client: string) =>
    rpc(host, 'session:signIn', { username: 'agent', password: 'agent123' }, { 'x-client': client });
  const current = (client: string) => rpc(host, 'session:current', {}, { 'x-client': client });

  it('accept only a lower-case UUID, so no two different ids can share a session', async () => {
    const a = `${'a'.repeat(64)}1`;
    const b = `${'a'.repeat(64)}2`;
    expect((await signIn(a)).status).toBe(400);
    expect((await current(b)).json).not.toMatchObject({ ok: true, data: { username: 'agent' } });
    for (const bad of ['', 'x', randomUUID().toUpperCase(), `${randomUUID().slice(0, -1)}g`, `${randomUUID()}0`]) {
      expect((await current(bad)).status, JSON.stringify(bad)).toBe(400);
    }
  });

  it('a UUID client keeps its own session', async () => {
    const a = randomUUID();
    expect((await signIn(a)).json).toMatchObject({ ok: true, data: { username: 'agent' } });
    expect((await current(a)).json).toMatchObject({ ok: true, data: { username: 'agent' } });
    expect((await current(randomUUID())).json).toEqual({ ok: true, data: null });
  });
});

describe('event streams', () => {
  it(`are capped at ${MAX_STREAMS_PER_CLIENT} per client`, async () => {
    const client = randomUUID();
    const open = () =>
      new Promise<{ status: number; abort: () => void }>((resolve, reject) => {
        const ac = new AbortController();
        fetch(`http://127.0.0.1:${host.port}/events`, {
          headers: { 'x-token': host.token, 'x-client': client },
          signal: ac.signal,
        }).then((res) => resolve({ status: res.status, abort: () => ac.abort() }), reject);
      });
    const streams = [];
    for (let i = 0; i < MAX_STREAMS_PER_CLIENT; i++) streams.push(await open());
    expect(streams.map((s) => s.status)).toEqual(Array(MAX_STREAMS_PER_CLIENT).fill(200));
    const extra = await open();
    expect(extra.status).toBe(429);
    // Another tab is not affected, and closing one frees a place.
    const other = await fetch(`http://127.0.0.1:${host.port}/events`, {
      headers: { 'x-token': host.token, 'x-client': randomUUID() },
    });
    expect(other.status).toBe(200);
    await other.body?.cancel();
    streams[0].abort();
    await new Promise((r) => setTimeout(r, 100));
    const again = await open();
    expect(again.status).toBe(200);
    for (const s of [...streams, again]) s.abort();
  });
});
