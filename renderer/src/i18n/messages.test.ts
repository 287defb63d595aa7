/// <reference types="vite/client" />
import i18next from 'i18next';
import { BACKUP_REASONS } from '../../../shared/contract/backups';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_STATUSES,
  AUDIT_ACTIONS,
  AUDIT_ENTITY_TYPES,
  CHANNELS,
  CONTACT_CATEGORIES,
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  CONTACT_SOURCES,
  FEE_VERSION_STATUSES,
  FREEZE_CASE_STATUSES,
  FREEZE_REASONS,
  IDENTITY_CHECKS,
  OPERATIONS,
  REFUND_REASONS,
  REFUND_STATUSES,
  REFUND_TYPES,
  RISK_LEVELS,
  SEGMENTS,
  TRANSACTION_STATUSES,
} from '../../../shared/domain/catalog';
import { DECISION_REASONS, FREEZE_DECISIONS } from '../../../shared/domain/freeze';
import { REJECT_REASONS } from '../../../shared/domain/refunds';
import { ROLES } from '../../../shared/domain/roles';
import { MESSAGES } from './index';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('translations', () => {
  it('zh-CN and en-US have exactly the same keys, none empty', () => {
    const en = keys(MESSAGES['en-US']).sort();
    const zh = keys(MESSAGES['zh-CN']).sort();
    expect(zh).toEqual(en);
    const empty = (o: object) =>
      keys(o).filter((k) => k.split('.').reduce<unknown>((a, p) => (a as Record<string, unknown>)[p], o) === '');
    expect(empty(MESSAGES['en-US'])).toEqual([]);
    expect(empty(MESSAGES['zh-CN'])).toEqual([]);
  });

  it('keeps placeholders the same in both languages', () => {
    const get = (o: object, k: string) =>
      k.split('.').reduce<unknown>((a, p) => (a as Record<string, unknown>)[p], o) as string;
    for (const k of keys(MESSAGES['en-US'])) {
      const ph = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort();
      expect(ph(get(MESSAGES['zh-CN'], k)), k).toEqual(ph(get(MESSAGES['en-US'], k)));
    }
  });
});

describe('plurals', () => {
  const get = (o: object, k: string) =>
    k.split('.').reduce<unknown>((a, p) => (a as Record<string, unknown>)[p], o) as string;
  /** Every message rendered through i18next with each of its numbers set to `n`. */
  async function renderAll(lang: 'en-US' | 'zh-CN', n: number) {
    const i18n = i18next.createInstance();
    await i18n.init({
      lng: lang,
      resources: { [lang]: { translation: MESSAGES[lang] } },
      interpolation: { escapeValue: false },
      showSupportNotice: false,
    } as Parameters<typeof i18n.init>[0]);
    const out = new Map<string, string>();
    for (const k of keys(MESSAGES[lang])) {
      const names = [...get(MESSAGES[lang], k).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]);
      if (!names.length) continue;
      const base = k.replace(/_(zero|one|two|few|many|other)$/, '');
      out.set(base, i18n.t(base, Object.fromEntries([...names, 'count'].map((p) => [p, n]))));
    }
    return out;
  }

  it('follow i18next’s rules: nothing says "1 minutes", "1 waivers" or "1 payments"', async () => {
    const one = await renderAll('en-US', 1);
    const wrong = [...one].filter(([, text]) => /\b1 (?:new )?[a-z]{3,}s\b/.test(text));
    expect(wrong).toEqual([]);
    expect(one.get('fees.waiverCount')).toBe('1 waiver');
    expect(one.get('lock.body')).toMatch(/^Locked after 1 minute without/);
    expect(one.get('refunds.detail.rate')).toBe('Refund rate over 90 days: 1 (1 request / 1 payment)');
    expect(one.get('frozen.evidence.frequent')).toBe('1 transfer to 1 new payee in 1 minute');
    const many = await renderAll('en-US', 3);
    expect(many.get('fees.waiverCount')).toBe('3 waivers');
    expect(many.get('frozen.evidence.frequent')).toBe('3 transfers to 3 new payees in 3 minutes');
  });

  it('every nested count resolves, in both languages', async () => {
    for (const lang of ['en-US', 'zh-CN'] as const) {
      const unresolved = [...(await renderAll(lang, 2))].filter(([, text]) => /\$t\(|units\./.test(text));
      expect(unresolved, lang).toEqual([]);
    }
  });
});

describe('keys used in the code', () => {
  // Every literal key the renderer passes to t() exists, and every `prefix.${code}` key has its prefix.
  const files = import.meta.glob('../**/*.{ts,tsx}', { query: '?raw', import: 'default', eager: true }) as Record<
    string,
    string
  >;
  const has = (key: string) =>
    key.split('.').reduce<unknown>((a, p) => (a as Record<string, unknown> | undefined)?.[p], MESSAGES['en-US']) !==
    undefined;
  const sources = Object.entries(files).filter(([f]) => !f.endsWith('.test.ts'));

  it('finds the renderer sources', () => expect(sources.length).toBeGreaterThan(50));

  it('every t("literal.key") is in the catalog', () => {
    const missing: string[] = [];
    for (const [file, text] of sources) {
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) {
        if (!has(m[1]) && !has(`${m[1]}_one`)) missing.push(`${file}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every t(`prefix.${code}`) names an existing group', () => {
    const missing: string[] = [];
    for (const [file, text] of sources) {
      for (const m of text.matchAll(/\bt\(\s*`([a-zA-Z0-9_.]+)\.\$\{/g))
        if (!has(m[1])) missing.push(`${file}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });
});

describe('the vocabulary catalog', () => {
  const VOCABULARIES: Record<string, readonly string[]> = {
    operation: OPERATIONS,
    channel: CHANNELS,
    segment: SEGMENTS,
    txnStatus: TRANSACTION_STATUSES,
    accountStatus: ACCOUNT_STATUSES,
    freezeReason: FREEZE_REASONS,
    risk: RISK_LEVELS,
    caseStatus: FREEZE_CASE_STATUSES,
    identityCheck: IDENTITY_CHECKS,
    freezeDecision: FREEZE_DECISIONS,
    decisionReason: DECISION_REASONS,
    refundType: REFUND_TYPES,
    refundReason: REFUND_REASONS,
    refundStatus: REFUND_STATUSES,
    rejectReason: REJECT_REASONS,
    feeVersionStatus: FEE_VERSION_STATUSES,
    contactChannel: CONTACT_CHANNELS,
    contactOutcome: CONTACT_OUTCOMES,
    contactCategory: CONTACT_CATEGORIES,
    role: ROLES,
    auditAction: AUDIT_ACTIONS,
    entityType: AUDIT_ENTITY_TYPES,
    contactSource: CONTACT_SOURCES,
    backupReason: BACKUP_REASONS,
  };
  it.each(['en-US', 'zh-CN'] as const)('labels every code of every vocabulary in %s', (lang) => {
    const catalog = MESSAGES[lang].catalog as unknown as Record<string, unknown>;
    const missing: string[] = [];
    for (const [vocab, codes] of Object.entries(VOCABULARIES)) {
      for (const code of codes) {
        const label = code.split('.').reduce<unknown>((a, k) => (a as Record<string, unknown>)?.[k], catalog[vocab]);
        if (typeof label !== 'string' || !label) missing.push(`${vocab}.${code}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
