import { describe, expect, it } from 'vitest';
import { amountProblem, CURRENCIES, formatMoney, parseMoney } from './money';

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

  it('says which rule an entered amount breaks', () => {
    expect(amountProblem('12.345', 'CNY', 100_000)).toBe('tooManyDecimals');
    expect(amountProblem('1,000.999', 'CNY', 10)).toBe('tooManyDecimals');
    expect(amountProblem('abc', 'CNY', 100_000)).toBe('notAnAmount');
    expect(amountProblem('0', 'CNY', 100_000)).toBe('notPositive');
    expect(amountProblem('1000.01', 'CNY', 100_000)).toBe('aboveLimit');
    expect(amountProblem('1000', 'CNY', 100_000)).toBeNull();
  });
});
