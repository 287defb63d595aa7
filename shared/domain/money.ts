/**
 * Money is an integer count of minor units (fen for CNY) plus an ISO currency
 * code. It is never a float: parsing and formatting go through strings so no
 * binary fraction ever touches an amount.
 */
export const CURRENCIES = ['CNY', 'HKD', 'USD'] as const;
export type CurrencyCode = (typeof CURRENCIES)[number];

export interface Money {
  minor: number;
  currency: CurrencyCode;
}

const MINOR_DIGITS: Record<CurrencyCode, number> = { CNY: 2, HKD: 2, USD: 2 };

export function minorDigits(currency: CurrencyCode): number {
  return MINOR_DIGITS[currency];
}

/** "1234.5" → 123450 for CNY. Returns null when the text is not an amount. */
export function parseMoney(text: string, currency: CurrencyCode): number | null {
  const digits = minorDigits(currency);
  const m = /^\s*(-)?(\d{1,13})(?:\.(\d*))?\s*$/.exec(text.replace(/[,，\s¥]/g, ''));
  if (!m) return null;
  const frac = m[3] ?? '';
  if (frac.length > digits) return null;
  const minor = Number(m[2]) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  return m[1] ? -minor : minor;
}

export type AmountProblem = 'notAnAmount' | 'tooManyDecimals' | 'notPositive' | 'aboveLimit';

/**
 * Why an entered amount cannot be used, or null when it can: a refund form says which rule
 * the entry breaks (a third decimal is not "above the remaining amount").
 */
export function amountProblem(text: string, currency: CurrencyCode, maxMinor: number): AmountProblem | null {
  const minor = parseMoney(text, currency);
  if (minor === null) {
    const decimals = /^\s*-?\d+\.(\d+)\s*$/.exec(text.replace(/[,，\s¥]/g, ''))?.[1] ?? '';
    return decimals.length > minorDigits(currency) ? 'tooManyDecimals' : 'notAnAmount';
  }
  if (minor <= 0) return 'notPositive';
  return minor > maxMinor ? 'aboveLimit' : null;
}

/** 123450 → "1234.50": exact decimal text, the input to Intl formatting. */
export function minorToDecimal(minor: number, currency: CurrencyCode): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not an integer amount: ${minor}`);
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  return `${sign}${abs.slice(0, abs.length - digits)}.${abs.slice(abs.length - digits)}`;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Locale-aware display, e.g. "¥1,234.50". Intl takes the decimal string exactly. */
export function formatMoney(minor: number, currency: CurrencyCode, locale: string): string {
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    // The home currency shows as a bare ¥; the others take their locale's unambiguous symbol
    // (HK$, US$ or $), because the narrow symbols of HKD and USD are both "$".
    const currencyDisplay = currency === 'CNY' ? 'narrowSymbol' : 'symbol';
    f = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay });
    formatters.set(key, f);
  }
  // String input keeps full precision (Intl.NumberFormat v3, Node 20+/Chromium 106+).
  return f.format(minorToDecimal(minor, currency) as unknown as number);
}

/** Integer multiply-and-divide with half-up rounding, for rates in parts per million. */
export function applyRatePpm(amountMinor: number, ratePpm: number): number {
  // Fast path: a non-negative product below 2^53 is exact in a double, so the same
  // half-up result comes without BigInt (the fee simulation runs this millions of times).
  const p = amountMinor * ratePpm;
  if (p >= 0 && p <= Number.MAX_SAFE_INTEGER) {
    const q = Math.floor(p / 1_000_000);
    return (p - q * 1_000_000) * 2 >= 1_000_000 ? q + 1 : q;
  }
  const product = BigInt(amountMinor) * BigInt(ratePpm);
  const q = product / 1_000_000n;
  const r = product % 1_000_000n;
  return Number(r * 2n >= 1_000_000n ? q + 1n : q);
}
