import { useTranslation } from 'react-i18next';
import { formatMoney, type CurrencyCode } from '../../../shared/domain/money';
import { useQuery } from '@tanstack/react-query';
import { sharedQueries } from './queries';

/** The business time zone from main (settings), falling back to the computer's. */
export function useBusinessTimeZone(): string {
  const info = useQuery(sharedQueries.appInfo());
  return info.data?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: string, timeZone: string, style: 'datetime' | 'date') {
  const key = `${locale}|${timeZone}|${style}`;
  let f = dateTimeFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(style === 'datetime' ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false } : {}),
    });
    dateTimeFormats.set(key, f);
  }
  return f;
}

/** Money, numbers and dates formatted per UI language, in the one business time zone. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  const timeZone = useBusinessTimeZone();
  return {
    locale,
    timeZone,
    money: (minor: number, currency: CurrencyCode) => formatMoney(minor, currency, locale),
    number: (n: number) => new Intl.NumberFormat(locale).format(n),
    dateTime: (iso: string | null) => (iso ? dtf(locale, timeZone, 'datetime').format(new Date(iso)) : '—'),
    date: (iso: string | null) => (iso ? dtf(locale, timeZone, 'date').format(new Date(iso)) : '—'),
  };
}
