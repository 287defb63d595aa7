import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../../../../shared/contract/audit';

/** Which vocabulary a recorded field's value comes from, by field (and, for `status`/`reason`, entity). */
const VALUE_VOCABULARY: Record<string, string | Record<string, string>> = {
  status: { freeze_case: 'caseStatus', refund_request: 'refundStatus', fee_version: 'feeVersionStatus' },
  reason: { freeze_case: 'freezeReason', refund_request: 'rejectReason', database: 'backupReason' },
  accountStatus: 'accountStatus',
  decision: 'freezeDecision',
  reasonCode: 'decisionReason',
  role: 'role',
  kind: 'identityCheck',
  channel: 'contactChannel',
  outcome: 'contactOutcome',
  category: 'contactCategory',
};

/**
 * Audit events in words: the action, the entity, the host, and each recorded field with its value,
 * all through the catalog. A code the catalog does not know yet is shown as it is.
 */
export function useAuditLabels() {
  const { t } = useTranslation();
  const action = useCallback((a: string) => t(`catalog.auditAction.${a}`, { defaultValue: a }), [t]);
  const entityType = useCallback((type: string) => t(`catalog.entityType.${type}`, { defaultValue: type }), [t]);
  const entity = useCallback(
    (e: Pick<AuditEvent, 'entityType' | 'entityId'>) =>
      `${entityType(e.entityType)}${e.entityId ? ` #${e.entityId}` : ''}`,
    [entityType],
  );
  const host = useCallback((h: AuditEvent['host']) => t(`catalog.host.${h}`), [t]);
  const field = useCallback((k: string) => t(`audit.fields.${k}`, { defaultValue: k }), [t]);
  const value = useCallback(
    (entity: string, k: string, v: unknown): string => {
      if (v === undefined) return '';
      if (v === null) return t('common.none');
      if (typeof v === 'boolean') return t(v ? 'common.yes' : 'common.no');
      const vocab = VALUE_VOCABULARY[k];
      const name = typeof vocab === 'string' ? vocab : vocab?.[entity];
      if (name && typeof v === 'string') return t(`catalog.${name}.${v}`, { defaultValue: v });
      return typeof v === 'string' ? v : JSON.stringify(v);
    },
    [t],
  );
  return useMemo(
    () => ({ action, entityType, entity, host, field, value }),
    [action, entityType, entity, host, field, value],
  );
}
