import { Checkbox, FormControlLabel, Stack, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { IdentityCheckMark } from '../../../shared/contract/frozen';
import { IDENTITY_CHECKS, type IdentityCheck } from '../../../shared/domain/catalog';
import { useFormat } from '../lib/format';

/**
 * The identity checklist, one component for every case that has one (a freeze case, an
 * identity-security case): each check ticked with who recorded it and when. `required`
 * marks the checks the case's rule needs.
 */
export function IdentityChecklist(props: {
  marks: IdentityCheckMark[];
  disabled: boolean;
  onToggle: (kind: IdentityCheck, passed: boolean) => void;
  required?: readonly IdentityCheck[];
  testIdPrefix?: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const marks = new Map(props.marks.map((k) => [k.kind, k]));
  const prefix = props.testIdPrefix ?? 'check-';
  return (
    <>
      {IDENTITY_CHECKS.map((kind) => {
        const mark = marks.get(kind);
        const label = t(`catalog.identityCheck.${kind}`);
        return (
          <Stack key={kind} direction="row" alignItems="center" spacing={1}>
            <FormControlLabel
              sx={{ minWidth: 280 }}
              control={
                <Checkbox
                  checked={!!mark}
                  disabled={props.disabled}
                  onChange={(e) => props.onToggle(kind, e.target.checked)}
                  slotProps={{ input: { 'data-testid': `${prefix}${kind}` } as object }}
                />
              }
              label={props.required?.includes(kind) ? `${label} *` : label}
            />
            {mark ? (
              <Typography variant="caption" color="text.secondary">
                {t('frozen.detail.checkedBy', { name: mark.operatorName, time: fmt.dateTime(mark.at) })}
              </Typography>
            ) : null}
          </Stack>
        );
      })}
    </>
  );
}
