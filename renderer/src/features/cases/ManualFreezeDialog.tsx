import {
  Alert,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MANUAL_FREEZE_TYPES, freezesAtOnce, type ManualFreezeType } from '../../../../shared/domain/manual-freeze';
import { ApiError, useApiMutation, useApiQuery } from '../../app/api';
import { useFormat } from '../../app/format';
import { useToast } from '../../components/Toasts';

export interface FreezeTarget {
  accountId: number;
  accountNo: string;
  /** The contact just logged, when the freeze is asked for on a call. */
  contactId?: number;
}

/**
 * Freezes an account by hand: the type, the reason and the evidence (the account's own
 * transactions, a document reference; for a judicial freeze the order). One idempotency
 * key per opening, so a double click freezes once.
 */
export function ManualFreezeDialog({ target, onClose }: { target: FreezeTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const mutation = useApiMutation('cases:freeze', ['customers:', 'frozen:', 'cases:', 'transactions:']);
  const [type, setType] = useState<ManualFreezeType>('risk');
  const [reason, setReason] = useState('');
  const [txns, setTxns] = useState<number[]>([]);
  const [documentReference, setDocumentReference] = useState('');
  const [orderReference, setOrderReference] = useState('');
  const [authority, setAuthority] = useState('');
  const [key, setKey] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const recent = useApiQuery(
    'transactions:list',
    { sort: 'createdAt', dir: 'desc', limit: 20, after: null, filter: { accountId: target?.accountId ?? 1 } },
    { enabled: !!target },
  );

  useEffect(() => {
    if (!target) return;
    setType('risk');
    setReason('');
    setTxns([]);
    setDocumentReference('');
    setOrderReference('');
    setAuthority('');
    setErrors({});
    setKey(crypto.randomUUID());
  }, [target]);

  if (!target) return null;
  const judicial = type === 'judicial';
  const submit = async () => {
    const next: Record<string, string> = {};
    if (!reason.trim()) next.reason = t('cases.freeze.reasonRequired');
    if (judicial && !orderReference.trim()) next.orderReference = t('cases.freeze.orderRequired');
    setErrors(next);
    if (Object.keys(next).length) return;
    try {
      const out = await mutation.mutateAsync({
        accountId: target.accountId,
        type,
        reason: reason.trim(),
        transactionIds: txns,
        documentReference: documentReference.trim() || undefined,
        orderReference: judicial ? orderReference.trim() : undefined,
        authority: judicial ? authority.trim() || undefined : undefined,
        contactId: target.contactId,
        idempotencyKey: key,
      });
      toast(
        out.frozen
          ? t('cases.freeze.frozen', { caseNo: out.freezeCaseNo })
          : t('cases.freeze.requested', { caseNo: out.requestNo }),
        'success',
      );
      onClose();
    } catch (err) {
      toast(err instanceof ApiError ? t(`errors.${err.code}`) : String(err), 'error');
    }
  };

  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>{t('cases.freeze.title', { accountNo: target.accountNo })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }} data-testid="manual-freeze">
          {target.contactId ? <Alert severity="info">{t('cases.freeze.fromContact')}</Alert> : null}
          <TextField
            select
            label={t('cases.freeze.type')}
            value={type}
            onChange={(e) => setType(e.target.value as ManualFreezeType)}
            helperText={t(`cases.freeze.typeHelp.${type}`)}
            data-testid="freeze-type"
          >
            {MANUAL_FREEZE_TYPES.map((k) => (
              <MenuItem key={k} value={k} data-testid={`freeze-type-${k}`}>
                {t(`cases.freeze.types.${k}`)}
              </MenuItem>
            ))}
          </TextField>
          {judicial ? (
            <Stack direction="row" spacing={2}>
              <TextField
                fullWidth
                required
                label={t('cases.freeze.orderReference')}
                value={orderReference}
                onChange={(e) => setOrderReference(e.target.value.slice(0, 100))}
                error={!!errors.orderReference}
                helperText={errors.orderReference}
                slotProps={{ htmlInput: { 'data-testid': 'freeze-order' } }}
              />
              <TextField
                fullWidth
                label={t('cases.freeze.authority')}
                value={authority}
                onChange={(e) => setAuthority(e.target.value.slice(0, 200))}
                slotProps={{ htmlInput: { 'data-testid': 'freeze-authority' } }}
              />
            </Stack>
          ) : null}
          <TextField
            required
            label={t('cases.freeze.reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value.slice(0, 2000))}
            error={!!errors.reason}
            helperText={errors.reason}
            multiline
            minRows={2}
            slotProps={{ htmlInput: { 'data-testid': 'freeze-reason' } }}
          />
          <TextField
            label={t('cases.freeze.documentReference')}
            value={documentReference}
            onChange={(e) => setDocumentReference(e.target.value.slice(0, 200))}
            slotProps={{ htmlInput: { 'data-testid': 'freeze-document' } }}
          />
          <Typography variant="subtitle2">{t('cases.freeze.evidence')}</Typography>
          <Stack sx={{ maxHeight: 180, overflowY: 'auto' }} data-testid="freeze-evidence">
            {recent.data?.rows.length === 0 ? (
              <Typography color="text.secondary">{t('cases.freeze.noTransactions')}</Typography>
            ) : null}
            {recent.data?.rows.map((r) => (
              <FormControlLabel
                key={r.id}
                control={
                  <Checkbox
                    size="small"
                    checked={txns.includes(r.id)}
                    onChange={(e) => setTxns((s) => (e.target.checked ? [...s, r.id] : s.filter((x) => x !== r.id)))}
                    data-testid={`freeze-txn-${r.txnNo}`}
                  />
                }
                label={`${r.txnNo} · ${fmt.dateTime(r.createdAt)} · ${t(`catalog.operation.${r.operation}`)} · ${fmt.money(r.amountMinor, r.currency)}`}
              />
            ))}
          </Stack>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('cases.freeze.cancel')}</Button>
        <Button
          variant="contained"
          color={freezesAtOnce(type) ? 'error' : 'primary'}
          onClick={submit}
          disabled={mutation.isPending}
          data-testid="freeze-submit"
        >
          {judicial ? t('cases.freeze.submitJudicial') : t('cases.freeze.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
