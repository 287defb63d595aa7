import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../../shared/contract/customer360';
import { sharedQueries } from '../../lib/queries';
import { navigate } from '../../lib/router';

/** Where a hit opens: customers and transactions open the customer; the rest open their record. */
export function openHit(hit: SearchHit) {
  if (hit.kind === 'refund') navigate('/refunds', { id: hit.recordId });
  else if (hit.kind === 'case') navigate('/frozen', { id: hit.recordId });
  else if (hit.kind === 'fakeNumber') navigate('/cases', { id: hit.recordId });
  else navigate('/customers', { id: hit.customerId, ...(hit.kind === 'transaction' ? { tab: 'transactions' } : {}) });
}

/** The hit's codes in words, then its free text: "异常登录 · 已升级", not "abnormal_login · escalated". */
export function useDescribeHit(): (h: SearchHit) => string {
  const { t } = useTranslation();
  return (h) => [...h.codes.map((c) => t(`catalog.${c.vocabulary}.${c.code}`)), h.subtitle].filter(Boolean).join(' · ');
}

/** The customer/record search for debounced text (empty text asks nothing). */
export function useSearchHits(text: string, enabled = true) {
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(text.trim()), 150);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery({
    ...sharedQueries.search(debounced),
    enabled: enabled && debounced.length > 0,
    staleTime: 5_000,
  });
  const hits = useMemo(() => (enabled && debounced ? (results.data ?? []) : []), [enabled, debounced, results.data]);
  return { debounced, results, hits };
}
