import { describe, expect, it } from 'vitest';
import { csvField, csvText } from './csv';

describe('the CSV writer', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['＝1+1', "'＝1+1"],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠x', "'＠x"],
    ['  =1+1', "'  =1+1"],
    ['\u3000=1', "'\u3000=1"],
  ])('neutralises %j', (input, out) => {
    expect(csvField(input)).toBe(out);
  });

  it('leaves ordinary text, numbers and JSON alone', () => {
    expect(csvField('王芳 Wang Fang')).toBe('王芳 Wang Fang');
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField(-5)).toBe('-5');
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvField(null)).toBe('');
    expect(
      csvText([
        ['a', 'b,c'],
        [1, 'x"y'],
      ]),
    ).toBe('a,"b,c"\r\n1,"x""y"\r\n');
  });
});
