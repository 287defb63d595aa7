/** 13812341234 → 138****1234: staff see enough to match a caller, not the whole number. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****';
}
