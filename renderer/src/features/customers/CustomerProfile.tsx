import {
  Alert,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Paper,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { CopyId } from '../../components/CopyId';
import { useTranslation } from 'react-i18next';
import type { CustomerProfile as Profile } from '../../../../shared/contract/customer360';
import { ApiError, call } from '../../lib/api';
import { useFormat } from '../../lib/format';

type Field = 'phone' | 'idTail';

/** Name, masked identifiers (unmasking asks why and is audited), status and balance. */
export function CustomerProfile({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [shown, setShown] = useState<Partial<Record<Field, string>>>({});
  const [asking, setAsking] = useState<Field | null>(null);
  const item = (label: string, value: string, field?: Field, copyable = false) => (
    <Stack spacing={0.5} sx={{ minWidth: 150 }}>
      <Typography variant="caption" color="text.secondary">
        {label}
      </Typography>
      <Stack direction="row" spacing={1} alignItems="center">
        <Typography
          sx={{ fontFamily: field ? 'monospace' : undefined }}
          data-testid={field ? `profile-${field}` : undefined}
        >
          {field && shown[field] ? shown[field] : value}
        </Typography>
        {copyable ? <CopyId value={value} testId="profile-copy-account" /> : null}
        {field && !shown[field] ? (
          <Button size="small" onClick={() => setAsking(field)} data-testid={`unmask-${field}`}>
            {t('customer.profile.unmask')}
          </Button>
        ) : null}
      </Stack>
    </Stack>
  );
  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 2 }} data-testid="customer-profile">
      <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 2 }}>
        <Typography variant="h5" component="h1">
          {profile.nameZh} · {profile.nameEn}
        </Typography>
        <Chip
          label={t(`catalog.accountStatus.${profile.accountStatus}`)}
          color={
            profile.accountStatus === 'active' ? 'success' : profile.accountStatus === 'frozen' ? 'warning' : 'default'
          }
          data-testid="account-status"
        />
        <Chip variant="outlined" label={t('customer.profile.kyc', { level: profile.kycLevel })} />
        <Chip variant="outlined" label={t(`catalog.segment.${profile.segment}`)} />
      </Stack>
      <Stack direction="row" spacing={4} sx={{ flexWrap: 'wrap', rowGap: 2 }}>
        {item(t('customer.profile.account'), profile.accountNo, undefined, true)}
        {item(t('customer.profile.phone'), profile.phoneMasked, 'phone')}
        {item(t('customer.profile.idTail'), profile.idTailMasked, 'idTail')}
        {item(t('customer.profile.balance'), fmt.money(profile.balanceMinor, profile.currency))}
        {item(t('customers.registeredAt'), fmt.date(profile.registeredAt))}
      </Stack>
      {asking ? (
        <UnmaskDialog
          customerId={profile.id}
          field={asking}
          onClose={(value) => {
            if (value) setShown({ ...shown, [asking]: value });
            setAsking(null);
          }}
        />
      ) : null}
    </Paper>
  );
}

function UnmaskDialog({
  customerId,
  field,
  onClose,
}: {
  customerId: number;
  field: Field;
  onClose: (value?: string) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    try {
      const { value } = await call('customers:unmask', { id: customerId, field, reason });
      onClose(value);
    } catch (e) {
      setError(e instanceof ApiError ? t(`errors.${e.code}`) : String(e));
    }
  };
  return (
    <Dialog open onClose={() => onClose()} fullWidth maxWidth="xs">
      <DialogTitle>{t('customer.profile.unmaskTitle', { field: t(`customer.profile.fields.${field}`) })}</DialogTitle>
      <DialogContent>
        <TextField
          autoFocus
          fullWidth
          sx={{ mt: 1 }}
          label={t('customer.profile.unmaskReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="unmask-reason"
        />
        {error ? (
          <Alert severity="error" sx={{ mt: 2 }}>
            {error}
          </Alert>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose()}>{t('settings.cancel')}</Button>
        <Button variant="contained" onClick={submit} disabled={reason.trim().length < 3}>
          {t('customer.profile.unmaskConfirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
