/** 13812341234 → 138****1234: staff see enough to match a caller, not the whole number. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****';
}

/** 王芳 → 王*, "Fang Wang" → "F*** Wang": enough to confirm a caller, not to identify a stranger. */
export function maskName(name: string): string {
  const parts = name.trim().split(/\s+/);
  if (parts.length > 1) return [`${parts[0].slice(0, 1)}***`, ...parts.slice(1)].join(' ');
  const chars = [...name.trim()];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}
