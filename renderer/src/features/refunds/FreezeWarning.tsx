import { Alert, Checkbox, FormControlLabel } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { RefundVerdict } from '../../../../shared/domain/freeze';

/**
 * What the account's freezes say about a refund (judged in main by FREEZE_RULES): nothing
 * when allowed, an error when blocked, otherwise a warning, with the approver's tick when
 * `onAcknowledge` is given.
 */
export function FreezeWarning(props: {
  verdict: RefundVerdict;
  acknowledged?: boolean;
  onAcknowledge?: (checked: boolean) => void;
}) {
  const { t } = useTranslation();
  const { verdict } = props;
  if (verdict.effect === 'allowed') return null;
  const blocked = verdict.effect === 'blocked';
  return (
    <Alert severity={blocked ? 'error' : 'warning'} sx={{ mb: 1 }} data-testid="refund-freeze">
      {t(blocked ? 'refunds.detail.freezeBlocked' : 'refunds.detail.freezeWarning', {
        reasons:
          verdict.because.map((reason) => t(`catalog.freezeReason.${reason}`)).join(', ') ||
          t('catalog.accountStatus.frozen'),
        movement: t(`refunds.detail.freezeMovement.${verdict.movement as 'credit'}`),
      })}
      {!blocked && props.onAcknowledge ? (
        <FormControlLabel
          sx={{ display: 'flex' }}
          control={
            <Checkbox
              checked={!!props.acknowledged}
              onChange={(e) => props.onAcknowledge!(e.target.checked)}
              slotProps={{ input: { 'data-testid': 'freeze-acknowledge' } as object }}
            />
          }
          label={t('refunds.detail.freezeAcknowledge')}
        />
      ) : null}
    </Alert>
  );
}
