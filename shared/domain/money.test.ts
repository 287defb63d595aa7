import { describe, expect, it } from 'vitest';
import { CURRENCIES, formatMoney, parseMoney } from './money';

describe('money display', () => {
  it('never shows two currencies with the same symbol, in either language', () => {
    for (const locale of ['en-US', 'zh-CN']) {
      const shown = CURRENCIES.map((c) => formatMoney(123450, c, locale).replace(/[\d.,\s]/g, ''));
      expect(new Set(shown).size, `${locale}: ${shown.join(' ')}`).toBe(CURRENCIES.length);
    }
    expect(formatMoney(123450, 'CNY', 'zh-CN')).toBe('¥1,234.50');
    expect(formatMoney(123450, 'HKD', 'en-US')).toBe('HK$1,234.50');
  });

  it('parses exact amounts and refuses a third decimal', () => {
    expect(parseMoney('1,234.5', 'CNY')).toBe(123450);
    expect(parseMoney('0.015', 'CNY')).toBeNull();
  });
});
