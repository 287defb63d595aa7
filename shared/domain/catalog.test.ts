/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, DECISION_ACTIONS } from './catalog';

describe('audit vocabulary', () => {
  // Every `domain.verb` action main writes is in AUDIT_ACTIONS, so the console can label it.
  const sources = Object.entries(
    import.meta.glob('../../electron/**/*.ts', { query: '?raw', import: 'default', eager: true }) as Record<
      string,
      string
    >,
  ).filter(([f]) => !f.endsWith('.test.ts'));
  const DOMAINS =
    'session|access|demo|operator|settings|limit|note|view|customer|contact|contacts|freeze|refund|fee_version|case|complaint|fraud|closure';

  it('finds the main-process sources', () => expect(sources.length).toBeGreaterThan(30));

  it('lists every action written in electron/', () => {
    const written = new Set<string>();
    for (const [, text] of sources) {
      for (const m of text.matchAll(new RegExp(`'((?:${DOMAINS})\\.[a-z][a-zA-Z]+)'`, 'g'))) written.add(m[1]);
    }
    const known = new Set<string>(AUDIT_ACTIONS);
    expect([...written].filter((a) => !known.has(a))).toEqual([]);
    expect(written.size).toBeGreaterThan(20);
  });

  it('decisions are audit actions', () => {
    for (const a of DECISION_ACTIONS) expect(AUDIT_ACTIONS).toContain(a);
  });
});
