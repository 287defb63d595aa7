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
import type { RefundableTransaction } from '../../../../shared/contract/refunds';
import { REFUND_REASONS, REFUND_TYPES, type RefundReason, type RefundType } from '../../../../shared/domain/catalog';
import { amountProblem, minorDigits, parseMoney } from '../../../../shared/domain/money';
import { ApiError, call } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { useToast } from '../../components/Toasts';
import { intentKey } from './useRefundActions';
import { FreezeWarning } from './FreezeWarning';
import { NoteField, noteTooLong } from '../../components/NoteField';

/** Logs a refund request against a transaction, found by its number. */
export function NewRefundDialog(props: {
  open: boolean;
  onClose: () => void;
  /** Opened from a transaction (the customer page): look it up at once. */
  initialTxnNo?: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const [txnNo, setTxnNo] = useState(props.initialTxnNo ?? '');
  const [txn, setTxn] = useState<RefundableTransaction | null>(null);
  const [amount, setAmount] = useState('');
  const [type, setType] = useState<RefundType>('customer');
  const [reason, setReason] = useState<RefundReason>('requested_by_customer');
  const [note, setNote] = useState('');
  const [duplicate, setDuplicate] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (props.open && props.initialTxnNo) {
      setTxnNo(props.initialTxnNo);
      void find(props.initialTxnNo);
    }
    // Only when opened for another transaction.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.open, props.initialTxnNo]);

  const minor = txn ? parseMoney(amount, txn.currency) : null;
  const problem = txn && amount !== '' ? amountProblem(amount, txn.currency, txn.remainingMinor) : null;
  const validAmount = !!txn && minor !== null && problem === null;
  // The account's freezes refuse this refund outright: main would say so, so it is not offered.
  const refused = txn?.freeze.effect === 'blocked';
  const reset = () => {
    setTxnNo('');
    setTxn(null);
    setAmount('');
    setNote('');
    setDuplicate(false);
    setConfirmed(false);
    setError(null);
  };
  const close = () => {
    reset();
    props.onClose();
  };

  const find = async (no = txnNo) => {
    setError(null);
    try {
      setTxn(await call('refunds:lookupTransaction', { txnNo: no.trim() }));
    } catch (err) {
      setTxn(null);
      setError(err instanceof ApiError ? t(`errors.${err.code}`) : String(err));
    }
  };

  const submit = async () => {
    if (!txn || minor === null) return;
    setError(null);
    try {
      const row = await call('refunds:request', {
        transactionId: txn.id,
        amountMinor: minor,
        currency: txn.currency,
        type,
        reason,
        ...(note.trim() ? { note: note.trim() } : {}),
        confirmDuplicate: confirmed,
        // A new intent per submit attempt: the duplicate confirmation is a different request.
        idempotencyKey: intentKey('request', `${txn.id}:${minor}:${confirmed}`, attempt),
      });
      setAttempt((n) => n + 1);
      toast(t('refunds.done.requested', { refundNo: row.refundNo }));
      close();
    } catch (err) {
      setAttempt((n) => n + 1);
      if (err instanceof ApiError && err.code === 'REFUND_DUPLICATE_SUSPECTED') setDuplicate(true);
      setError(err instanceof ApiError ? t(`errors.${err.code}`) : String(err));
    }
  };

  return (
    <Dialog open={props.open} onClose={close} fullWidth maxWidth="sm" data-testid="new-refund-dialog">
      <DialogTitle>{t('refunds.newRequest')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <Stack direction="row" spacing={1}>
            <TextField
              fullWidth
              size="small"
              label={t('refunds.form.txnNo')}
              value={txnNo}
              onChange={(e) => setTxnNo(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && void find()}
              slotProps={{ htmlInput: { 'data-testid': 'new-txn-no' } }}
            />
            <Button variant="outlined" onClick={() => void find()} data-testid="new-find">
              {t('refunds.form.find')}
            </Button>
          </Stack>
          {txn ? (
            <>
              <FreezeWarning verdict={txn.freeze} />
              <Typography data-testid="new-remaining">
                {txn.merchant ?? ''}{' '}
                {t('refunds.form.remaining', {
                  amount: fmt.money(txn.remainingMinor, txn.currency),
                  captured: fmt.money(txn.amountMinor, txn.currency),
                })}
              </Typography>
              <TextField
                size="small"
                label={`${t('refunds.form.amount')} (${txn.currency})`}
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
                error={problem !== null}
                helperText={
                  problem
                    ? t(`refunds.form.amountProblems.${problem}`, {
                        digits: minorDigits(txn.currency),
                        max: fmt.money(txn.remainingMinor, txn.currency),
                      })
                    : ' '
                }
                slotProps={{ htmlInput: { inputMode: 'decimal', 'data-testid': 'new-amount' } }}
              />
              <Stack direction="row" spacing={1}>
                <TextField
                  select
                  fullWidth
                  size="small"
                  label={t('refunds.form.type')}
                  value={type}
                  onChange={(e) => setType(e.target.value as RefundType)}
                >
                  {REFUND_TYPES.map((v) => (
                    <MenuItem key={v} value={v}>
                      {t(`catalog.refundType.${v}`)}
                    </MenuItem>
                  ))}
                </TextField>
                <TextField
                  select
                  fullWidth
                  size="small"
                  label={t('refunds.form.reason')}
                  value={reason}
                  onChange={(e) => setReason(e.target.value as RefundReason)}
                >
                  {REFUND_REASONS.map((v) => (
                    <MenuItem key={v} value={v}>
                      {t(`catalog.refundReason.${v}`)}
                    </MenuItem>
                  ))}
                </TextField>
              </Stack>
              <NoteField
                size="small"
                label={t('refunds.form.note')}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                error={reason === 'other' && !note.trim()}
                slotProps={{ htmlInput: { 'data-testid': 'new-note' } }}
              />
              {duplicate ? (
                <FormControlLabel
                  control={<Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />}
                  label={t('refunds.form.confirmDuplicate')}
                  data-testid="new-confirm-duplicate"
                />
              ) : null}
            </>
          ) : null}
          {error ? (
            <Alert severity="error" data-testid="new-error">
              {error}
            </Alert>
          ) : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>{t('refunds.form.cancel')}</Button>
        <Button
          variant="contained"
          disabled={
            !validAmount ||
            refused ||
            (reason === 'other' && !note.trim()) ||
            noteTooLong(note) ||
            (duplicate && !confirmed)
          }
          onClick={submit}
          data-testid="new-submit"
        >
          {t('refunds.form.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
