import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines, makeEngineConsole, type EngineConsole } from '../../test/engines';

/**
 * Overview on both engines (describeEngines): every role's landing page must load in team mode
 * too, where its figures are counted by the same list handlers on PostgreSQL.
 */
const NOW = new Date('2026-06-10T03:00:00.000Z');

describeEngines('overview', (kind) => {
  let t: EngineConsole;
  beforeAll(async () => {
    t = await makeEngineConsole(kind, { now: () => NOW });
    for (const role of ['agent', 'supervisor', 'admin'] as const) await t.signInAs(role, role, role);
  });
  afterAll(() => t?.close());

  for (const role of ['agent', 'supervisor', 'admin'] as const) {
    it(`loads for ${role === 'admin' ? 'an' : 'a'} ${role}`, async () => {
      const r = await t.call(role, 'overview:get', {});
      expect(r.ok ? 'ok' : r.error.code).toBe('ok');
      if (!r.ok) return;
      expect(r.data.mine.length).toBeGreaterThan(0);
      expect(r.data.team === null).toBe(role === 'agent');
    });
  }
});
