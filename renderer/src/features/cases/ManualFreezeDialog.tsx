import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NoteField, noteTooLong } from '../../components/NoteField';
import { MANUAL_FREEZE_TYPES, freezesAtOnce, type ManualFreezeType } from '../../../../shared/domain/manual-freeze';
import { ApiError, useApiMutation } from '../../lib/api';
import { TransactionPicker } from './LinkPicker';
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
  const toast = useToast();
  const mutation = useApiMutation('cases:freeze');
  const [type, setType] = useState<ManualFreezeType>('risk');
  const [reason, setReason] = useState('');
  const [txns, setTxns] = useState<number[]>([]);
  const [documentReference, setDocumentReference] = useState('');
  const [orderReference, setOrderReference] = useState('');
  const [authority, setAuthority] = useState('');
  const [key, setKey] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

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
    if (Object.keys(next).length || noteTooLong(reason)) return;
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
          <NoteField
            required
            label={t('cases.freeze.reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
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
          <TransactionPicker accountId={target.accountId} value={txns} onChange={setTxns} testId="freeze-evidence" />
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
