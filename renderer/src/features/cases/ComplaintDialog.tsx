import {
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
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  REGULATORS,
  type ComplaintCategory,
  type ComplaintChannel,
  type Regulator,
} from '../../../../shared/domain/complaints';
import { addDays, startOfZonedDay } from '../../../../shared/domain/time';
import { ApiError, useApiMutation } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { useToast } from '../../components/Toasts';
import { ContactPicker, TransactionPicker } from './LinkPicker';
import { WallClockField } from '../../components/WallClockField';

export interface ComplaintTarget {
  customerId: number;
  accountId: number;
  name: string;
}

function Choice<V extends string>(props: {
  label: string;
  value: V;
  options: readonly V[];
  text: (v: V) => string;
  onChange: (v: V) => void;
  testId: string;
}) {
  return (
    <TextField
      select
      fullWidth
      label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value as V)}
      data-testid={props.testId}
    >
      {props.options.map((o) => (
        <MenuItem key={o} value={o} data-testid={`${props.testId}-${o}`}>
          {props.text(o)}
        </MenuItem>
      ))}
    </TextField>
  );
}

/**
 * Opens a complaint: how it came in, what about, the customer's own words, what it concerns,
 * and for a regulator referral its number and deadline (a local date; the deadline is the end
 * of that day in the business time zone).
 */
export function ComplaintDialog({ target, onClose }: { target: ComplaintTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const mutation = useApiMutation('complaints:open');
  const [channel, setChannel] = useState<ComplaintChannel>('phone');
  const [category, setCategory] = useState<ComplaintCategory>('fees');
  const [words, setWords] = useState('');
  const [regulator, setRegulator] = useState<Regulator | 'none'>('none');
  const [referralNo, setReferralNo] = useState('');
  const [regulatorDate, setRegulatorDate] = useState('');
  const [txns, setTxns] = useState<number[]>([]);
  const [contacts, setContacts] = useState<number[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [key, setKey] = useState('');

  useEffect(() => {
    if (!target) return;
    setChannel('phone');
    setCategory('fees');
    setWords('');
    setRegulator('none');
    setReferralNo('');
    setRegulatorDate('');
    setTxns([]);
    setContacts([]);
    setErrors({});
    setKey(crypto.randomUUID());
  }, [target]);
  if (!target) return null;

  const referred = regulator !== 'none';
  const submit = async () => {
    const next: Record<string, string> = {};
    if (!words.trim()) next.words = t('cases.complaint.wordsRequired');
    if (referred && (!referralNo.trim() || !regulatorDate)) next.referral = t('cases.complaint.referralRequired');
    setErrors(next);
    if (Object.keys(next).length) return;
    try {
      const c = await mutation.mutateAsync({
        customerId: target.customerId,
        accountId: target.accountId,
        channel,
        category,
        words: words.trim(),
        transactionIds: txns,
        contactIds: contacts,
        ...(referred
          ? {
              regulator,
              referralNo: referralNo.trim(),
              regulatorDueAt: startOfZonedDay(addDays(regulatorDate, 1), fmt.timeZone),
            }
          : {}),
        idempotencyKey: key,
      });
      toast(t('cases.complaint.opened', { caseNo: c.caseNo, time: fmt.dateTime(c.slaDueAt) }), 'success');
      onClose();
    } catch (err) {
      toast(err instanceof ApiError ? t(`errors.${err.code}`) : String(err), 'error');
    }
  };

  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth>
      <DialogTitle>{t('cases.complaint.title', { name: target.name })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }} data-testid="complaint-form">
          <Stack direction="row" spacing={2}>
            <Choice
              label={t('cases.complaint.channel')}
              value={channel}
              options={COMPLAINT_CHANNELS}
              text={(v) => t(`cases.complaint.channels.${v}`)}
              onChange={setChannel}
              testId="complaint-channel"
            />
            <Choice
              label={t('cases.complaint.category')}
              value={category}
              options={COMPLAINT_CATEGORIES}
              text={(v) => t(`cases.complaint.categories.${v}`)}
              onChange={setCategory}
              testId="complaint-category"
            />
          </Stack>
          <TextField
            required
            multiline
            minRows={3}
            label={t('cases.complaint.words')}
            value={words}
            onChange={(e) => setWords(e.target.value.slice(0, 4000))}
            error={!!errors.words}
            helperText={errors.words}
            slotProps={{ htmlInput: { 'data-testid': 'complaint-words' } }}
          />
          <Stack direction="row" spacing={2}>
            <Choice
              label={t('cases.complaint.regulator')}
              value={regulator}
              options={['none', ...REGULATORS] as const}
              text={(v) => t(`cases.complaint.regulators.${v}`)}
              onChange={setRegulator}
              testId="complaint-regulator"
            />
            {referred ? (
              <>
                <TextField
                  fullWidth
                  required
                  label={t('cases.complaint.referralNo')}
                  value={referralNo}
                  onChange={(e) => setReferralNo(e.target.value.slice(0, 60))}
                  error={!!errors.referral}
                  slotProps={{ htmlInput: { 'data-testid': 'complaint-referral' } }}
                />
                <WallClockField
                  kind="date"
                  fullWidth
                  required
                  label={t('cases.complaint.regulatorDueAt')}
                  value={regulatorDate}
                  onChange={setRegulatorDate}
                  error={!!errors.referral}
                  helperText={errors.referral}
                  testId="complaint-regulator-due"
                />
              </>
            ) : null}
          </Stack>
          <Typography variant="subtitle2">{t('cases.complaint.transactions')}</Typography>
          <TransactionPicker accountId={target.accountId} value={txns} onChange={setTxns} testId="complaint-txns" />
          <Typography variant="subtitle2">{t('cases.complaint.contacts')}</Typography>
          <ContactPicker
            customerId={target.customerId}
            value={contacts}
            onChange={setContacts}
            testId="complaint-contacts"
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('cases.complaint.cancel')}</Button>
        <Button variant="contained" onClick={submit} disabled={mutation.isPending} data-testid="complaint-submit">
          {t('cases.complaint.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
