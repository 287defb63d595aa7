import { describe, expect, it } from 'vitest';
import { decoderFor, detectEncoding } from './text-encoding';

// "时间,渠道\n" as Chinese Excel saves it (GBK), and as UTF-8 with and without a BOM.
const GBK = Uint8Array.from([0xca, 0xb1, 0xbc, 0xe4, 0x2c, 0xc7, 0xfe, 0xb5, 0xc0, 0x0a]);
const UTF8 = new TextEncoder().encode('时间,渠道\n');
const BOM = Uint8Array.from([0xef, 0xbb, 0xbf, ...UTF8]);

describe('CSV encoding detection', () => {
  it('reads a GBK file saved by Chinese Excel as GB18030, not as garbled UTF-8', () => {
    expect(detectEncoding(GBK, true)).toBe('gb18030');
    expect(decoderFor('gb18030').decode(GBK)).toBe('时间,渠道\n');
  });

  it('keeps UTF-8, with or without a byte-order mark, and drops the mark', () => {
    expect(detectEncoding(UTF8, true)).toBe('utf-8');
    expect(detectEncoding(BOM, true)).toBe('utf-8');
    expect(decoderFor('utf-8').decode(BOM)).toBe('时间,渠道\n');
  });

  it('does not mistake a UTF-8 head cut inside a character for GB18030', () => {
    expect(detectEncoding(UTF8.subarray(0, 4), false)).toBe('utf-8');
    expect(detectEncoding(UTF8.subarray(0, 4), true)).toBe('gb18030');
  });
});
