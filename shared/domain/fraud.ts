/**
 * Fraud reports (issue 16): a caller was cheated by someone posing as our hotline (假冒客服) or
 * as us in another way. The report keeps the number or account that impersonated us on a
 * blocklist, flags where the money went, and can freeze the victim's account at once.
 */
export const FRAUD_SCHEMES = ['fake_hotline', 'impersonation'] as const;
export type FraudScheme = (typeof FRAUD_SCHEMES)[number];

/** Hours the fraud desk has to act on a report: recalls only work while the money is still moving. */
export const FRAUD_SLA_HOURS = 24;

export const FAKE_NUMBER_MAX = 60;

/**
 * The blocklist key of a reported number or account. A phone number keeps only its digits
 * (and a leading +), so '400-820 1234' and '4008201234' are one entry; any other handle
 * (a WeChat id, a bank account name) is lower-cased. Null when it is neither.
 */
export function normalizeFakeNumber(raw: string): string | null {
  const s = raw.trim();
  if (/^\+?[\d\s()-]+$/.test(s)) {
    const digits = s.replace(/[\s()-]/g, '');
    return /^\+?\d{5,20}$/.test(digits) ? digits : null;
  }
  const handle = s.toLowerCase();
  return handle.length >= 3 && handle.length <= FAKE_NUMBER_MAX && /^[\p{L}\p{N}@._-]+$/u.test(handle) ? handle : null;
}

/** Who a transaction paid: the counterparty of a transfer, else the merchant of a payment. */
export function payeeOf(t: { counterparty: string | null; merchant: string | null }): string | null {
  if (t.counterparty) return t.counterparty;
  return t.merchant ? `merchant:${t.merchant}` : null;
}
