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
