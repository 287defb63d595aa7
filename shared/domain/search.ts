/** What a search box entry is taken to be. One input may be tried as more than one kind. */
export type SearchKind =
  | { kind: 'phone'; value: string }
  | { kind: 'phoneTail'; value: string }
  | { kind: 'account'; value: string }
  | { kind: 'transaction'; value: string }
  | { kind: 'refund'; value: string }
  | { kind: 'case'; value: string }
  | { kind: 'nameZh'; value: string }
  | { kind: 'nameEn'; value: string };

/**
 * Reads a search entry: a mainland mobile number or its last 4 digits, an account
 * number, a transaction / refund / case number, or a name in Chinese or Latin letters.
 */
export function parseSearch(raw: string): SearchKind[] {
  const text = raw.trim().replace(/\s+/g, ' ');
  if (!text) return [];
  const compact = text.replace(/[\s-]/g, '');
  if (/^1\d{10}$/.test(compact)) return [{ kind: 'phone', value: compact }];
  if (/^\d{4}$/.test(compact)) return [{ kind: 'phoneTail', value: compact }];
  if (/^62\d{10}$/.test(compact)) return [{ kind: 'account', value: compact }];
  if (/^T\d{1,11}$/i.test(compact)) return [{ kind: 'transaction', value: `T${compact.slice(1).padStart(11, '0')}` }];
  if (/^RF\d{1,8}$/i.test(compact)) return [{ kind: 'refund', value: `RF${compact.slice(2).padStart(8, '0')}` }];
  if (/^FC\d{1,7}$/i.test(compact)) return [{ kind: 'case', value: `FC${compact.slice(2).padStart(7, '0')}` }];
  if (/^\d{5,12}$/.test(compact)) {
    // A partial number: an account number without its prefix, or a transaction number.
    return [
      { kind: 'account', value: `62${compact.padStart(10, '0')}` },
      { kind: 'transaction', value: `T${compact.padStart(11, '0')}` },
    ];
  }
  if (/\p{Script=Han}/u.test(text)) return [{ kind: 'nameZh', value: text.replace(/\s/g, '') }];
  if (/^[A-Za-z][A-Za-z' .-]*$/.test(text)) return [{ kind: 'nameEn', value: text.toLowerCase() }];
  return [];
}
