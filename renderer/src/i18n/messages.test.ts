/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { MESSAGES } from './index';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('translations', () => {
  it('zh-CN and en-US have exactly the same keys, none empty', () => {
    const en = keys(MESSAGES['en-US']).sort();
    const zh = keys(MESSAGES['zh-CN']).sort();
    expect(zh).toEqual(en);
    const empty = (o: object) =>
      keys(o).filter((k) => k.split('.').reduce<unknown>((a, p) => (a as Record<string, unknown>)[p], o) === '');
    expect(empty(MESSAGES['en-US'])).toEqual([]);
    expect(empty(MESSAGES['zh-CN'])).toEqual([]);
  });

  it('keeps placeholders the same in both languages', () => {
    const get = (o: object, k: string) =>
      k.split('.').reduce<unknown>((a, p) => (a as Record<string, unknown>)[p], o) as string;
    for (const k of keys(MESSAGES['en-US'])) {
      const ph = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort();
      expect(ph(get(MESSAGES['zh-CN'], k)), k).toEqual(ph(get(MESSAGES['en-US'], k)));
    }
  });
});

describe('keys used in the code', () => {
  // Every literal key the renderer passes to t() exists, and every `prefix.${code}` key has its prefix.
  const files = import.meta.glob('../**/*.{ts,tsx}', { query: '?raw', import: 'default', eager: true }) as Record<
    string,
    string
  >;
  const has = (key: string) =>
    key.split('.').reduce<unknown>((a, p) => (a as Record<string, unknown> | undefined)?.[p], MESSAGES['en-US']) !==
    undefined;
  const sources = Object.entries(files).filter(([f]) => !f.endsWith('.test.ts'));

  it('finds the renderer sources', () => expect(sources.length).toBeGreaterThan(50));

  it('every t("literal.key") is in the catalog', () => {
    const missing: string[] = [];
    for (const [file, text] of sources) {
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) {
        if (!has(m[1]) && !has(`${m[1]}_one`)) missing.push(`${file}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every t(`prefix.${code}`) names an existing group', () => {
    const missing: string[] = [];
    for (const [file, text] of sources) {
      for (const m of text.matchAll(/\bt\(\s*`([a-zA-Z0-9_.]+)\.\$\{/g))
        if (!has(m[1])) missing.push(`${file}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });
});
