import { describe, expect, it } from 'vitest';
import { normalizeFakeNumber, payeeOf } from './fraud';

describe('fake numbers', () => {
  it('one blocklist entry per phone number, however it was written', () => {
    expect(normalizeFakeNumber('400-820 1234')).toBe('4008201234');
    expect(normalizeFakeNumber(' (021) 6123-4567 ')).toBe('02161234567');
    expect(normalizeFakeNumber('+86 95188 0000')).toBe('+86951880000');
  });

  it('keeps other handles lower-cased, and refuses what is neither', () => {
    expect(normalizeFakeNumber('Kefu_Alipay88')).toBe('kefu_alipay88');
    expect(normalizeFakeNumber('客服小王')).toBe('客服小王');
    for (const bad of ['', '12', '12-34', 'has space', 'a'.repeat(61), '+-'])
      expect(normalizeFakeNumber(bad)).toBeNull();
  });

  it('a payee is the counterparty of a transfer or the merchant of a payment', () => {
    expect(payeeOf({ counterparty: '6222000011112222', merchant: null })).toBe('6222000011112222');
    expect(payeeOf({ counterparty: null, merchant: '星巴克' })).toBe('merchant:星巴克');
    expect(payeeOf({ counterparty: null, merchant: null })).toBeNull();
  });
});
