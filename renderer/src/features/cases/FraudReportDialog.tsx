import {
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
import type { AccountStatus } from '../../../../shared/domain/catalog';
import { FRAUD_SCHEMES, normalizeFakeNumber, type FraudScheme } from '../../../../shared/domain/fraud';
import { amountProblem, minorDigits, parseMoney, type CurrencyCode } from '../../../../shared/domain/money';
import { ApiError, useApiMutation } from '../../lib/api';
import { NoteField, noteTooLong } from '../../components/NoteField';
import { useToast } from '../../components/Toasts';
import { TransactionPicker } from './LinkPicker';

export interface FraudTarget {
  customerId: number;
  accountId: number;
  accountStatus: AccountStatus;
  currency: CurrencyCode;
  name: string;
}

/** The loss as minor units: empty is no loss (an attempt the victim stopped), else a valid amount. */
function lossOf(text: string, currency: CurrencyCode): number | null {
  return text.trim() === '' ? 0 : parseMoney(text, currency);
}

/**
 * A victim's fraud report: the scheme, the fake number (for the blocklist), the loss, their
 * words, the payments that went to the fraudster (their payees are flagged) and, ticked by
 * default while the account is active, a freeze of the victim's account in the same step.
 */
export function FraudReportDialog({ target, onClose }: { target: FraudTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const mutation = useApiMutation('fraud:open');
  const [scheme, setScheme] = useState<FraudScheme>('fake_hotline');
  const [fakeNumber, setFakeNumber] = useState('');
  const [loss, setLoss] = useState('');
  const [words, setWords] = useState('');
  const [txns, setTxns] = useState<number[]>([]);
  const [freeze, setFreeze] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [key, setKey] = useState('');

  useEffect(() => {
    if (!target) return;
    setScheme('fake_hotline');
    setFakeNumber('');
    setLoss('');
    setWords('');
    setTxns([]);
    setFreeze(target.accountStatus === 'active');
    setErrors({});
    setKey(crypto.randomUUID());
  }, [target]);
  if (!target) return null;

  const mayFreeze = target.accountStatus === 'active';
  const submit = async () => {
    const next: Record<string, string> = {};
    if (!normalizeFakeNumber(fakeNumber)) next.fakeNumber = t('errors.FAKE_NUMBER_INVALID');
    const lossMinor = lossOf(loss, target.currency);
    if (lossMinor === null) {
      const problem = amountProblem(loss, target.currency, Number.MAX_SAFE_INTEGER) ?? 'notAnAmount';
      next.loss = t(`refunds.form.amountProblems.${problem}`, { digits: minorDigits(target.currency), max: '' });
    }
    if (!words.trim()) next.words = t('cases.fraud.wordsRequired');
    setErrors(next);
    if (Object.keys(next).length || noteTooLong(words) || lossMinor === null) return;
    try {
      const c = await mutation.mutateAsync({
        customerId: target.customerId,
        accountId: target.accountId,
        scheme,
        fakeNumber: fakeNumber.trim(),
        lossMinor,
        currency: target.currency,
        words: words.trim(),
        transactionIds: txns,
        freeze: mayFreeze && freeze,
        idempotencyKey: key,
      });
      toast(
        c.fraud?.freezeCaseNo
          ? t('cases.fraud.openedFrozen', { caseNo: c.caseNo, freezeCaseNo: c.fraud.freezeCaseNo })
          : t('cases.fraud.opened', { caseNo: c.caseNo }),
        'success',
      );
      onClose();
    } catch (err) {
      toast(err instanceof ApiError ? t(`errors.${err.code}`) : String(err), 'error');
    }
  };

  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth>
      <DialogTitle>{t('cases.fraud.title', { name: target.name })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }} data-testid="fraud-form">
          <Stack direction="row" spacing={2}>
            <TextField
              select
              fullWidth
              label={t('cases.fraud.scheme')}
              value={scheme}
              onChange={(e) => setScheme(e.target.value as FraudScheme)}
              data-testid="fraud-scheme"
            >
              {FRAUD_SCHEMES.map((s) => (
                <MenuItem key={s} value={s} data-testid={`fraud-scheme-${s}`}>
                  {t(`cases.fraud.schemes.${s}`)}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              fullWidth
              required
              label={t('cases.fraud.fakeNumber')}
              value={fakeNumber}
              onChange={(e) => setFakeNumber(e.target.value)}
              error={!!errors.fakeNumber}
              helperText={errors.fakeNumber ?? t('cases.fraud.fakeNumberHint')}
              slotProps={{ htmlInput: { 'data-testid': 'fraud-number' } }}
            />
            <TextField
              fullWidth
              label={t('cases.fraud.loss', { currency: target.currency })}
              value={loss}
              onChange={(e) => setLoss(e.target.value)}
              error={!!errors.loss}
              helperText={errors.loss}
              slotProps={{ htmlInput: { inputMode: 'decimal', 'data-testid': 'fraud-loss' } }}
            />
          </Stack>
          <NoteField
            required
            multiline
            minRows={3}
            label={t('cases.fraud.words')}
            value={words}
            onChange={(e) => setWords(e.target.value)}
            error={!!errors.words}
            helperText={errors.words}
            slotProps={{ htmlInput: { 'data-testid': 'fraud-words' } }}
          />
          <Typography variant="subtitle2">{t('cases.fraud.transactions')}</Typography>
          <TransactionPicker accountId={target.accountId} value={txns} onChange={setTxns} testId="fraud-txns" />
          <FormControlLabel
            disabled={!mayFreeze}
            label={mayFreeze ? t('cases.fraud.freeze') : t('cases.fraud.alreadyFrozen')}
            control={
              <Checkbox
                checked={mayFreeze && freeze}
                onChange={(e) => setFreeze(e.target.checked)}
                data-testid="fraud-freeze"
              />
            }
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('cases.fraud.cancel')}</Button>
        <Button variant="contained" onClick={submit} disabled={mutation.isPending} data-testid="fraud-submit">
          {t('cases.fraud.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
