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
} from '@mui/material';
import { isRecordingRef } from '../../../../shared/domain/recordings';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactRow } from '../../../../shared/contract/calls';
import {
  CONTACT_CATEGORIES,
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  type ContactCategory,
  type ContactChannel,
  type ContactOutcome,
} from '../../../../shared/domain/catalog';
import { ApiError, useApiMutation } from '../../lib/api';
import { useToast } from '../../components/Toasts';
import { NoteField } from '../../components/NoteField';

export interface LogContactDefaults {
  accountId?: number;
  caseId?: number;
  channel?: ContactChannel;
  category?: ContactCategory;
}

/**
 * Logs one contact by hand: channel, category, outcome, note, linked account and an optional
 * freeze case. Reusable: the Customers page and the freeze-case page open it with defaults.
 * One idempotency key per opening, so a double click or a retry logs the contact once.
 */
export function LogContactDialog(props: {
  open: boolean;
  onClose: () => void;
  defaults?: LogContactDefaults;
  onLogged?: (row: ContactRow) => void;
  /** More save buttons that hand the logged contact on (e.g. "Save and freeze account"). */
  thenActions?: { label: string; testId: string; run: (row: ContactRow) => void }[];
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const mutation = useApiMutation('contacts:log');
  const [channel, setChannel] = useState<ContactChannel>('phone');
  const [category, setCategory] = useState<ContactCategory>('other');
  const [outcome, setOutcome] = useState<ContactOutcome>('resolved');
  const [note, setNote] = useState('');
  const [accountId, setAccountId] = useState('');
  const [caseId, setCaseId] = useState('');
  const [recordingRef, setRecordingRef] = useState('');
  const [recordingNotice, setRecordingNotice] = useState(true);
  const [key, setKey] = useState('');
  const [fieldError, setFieldError] = useState<Record<string, string>>({});

  const { open, defaults } = props;
  useEffect(() => {
    if (!open) return;
    setChannel(defaults?.channel ?? 'phone');
    setCategory(defaults?.category ?? 'other');
    setOutcome('resolved');
    setNote('');
    setAccountId(defaults?.accountId ? String(defaults.accountId) : '');
    setCaseId(defaults?.caseId ? String(defaults.caseId) : '');
    setRecordingRef('');
    setRecordingNotice(true);
    setKey(crypto.randomUUID());
    setFieldError({});
  }, [open, defaults]);

  const id = (s: string) => (s.trim() === '' ? undefined : /^\d{1,15}$/.test(s.trim()) ? Number(s.trim()) : NaN);
  const submit = async (then?: (row: ContactRow) => void) => {
    const account = id(accountId);
    const fcase = id(caseId);
    const errors: Record<string, string> = {};
    if (Number.isNaN(account) || account === 0) errors.accountId = t('calls.log.badId');
    if (Number.isNaN(fcase) || fcase === 0) errors.caseId = t('calls.log.badId');
    if (recordingRef.trim() && !isRecordingRef(recordingRef)) errors.recordingRef = t('cases.recording.bad');
    setFieldError(errors);
    if (Object.keys(errors).length) return;
    try {
      const row = await mutation.mutateAsync({
        channel,
        category,
        outcome,
        note: note.trim() || undefined,
        accountId: account,
        caseId: fcase,
        // A phone call is recorded; whether the notice was played is recorded with it.
        ...(channel === 'phone' ? { recordingNotice } : {}),
        ...(recordingRef.trim() ? { recordingRef: recordingRef.trim() } : {}),
        idempotencyKey: key,
      });
      toast(t('calls.log.saved'), 'success');
      props.onLogged?.(row);
      props.onClose();
      then?.(row);
    } catch (err) {
      toast(err instanceof ApiError ? t(`errors.${err.code}`) : String(err), 'error');
    }
  };

  return (
    <Dialog open={open} onClose={props.onClose} maxWidth="sm" fullWidth>
      <DialogTitle>{t('calls.log.title')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }} data-testid="log-contact">
          <Stack direction="row" spacing={2}>
            <TextField
              select
              fullWidth
              label={t('calls.log.channel')}
              value={channel}
              onChange={(e) => setChannel(e.target.value as ContactChannel)}
            >
              {CONTACT_CHANNELS.map((c) => (
                <MenuItem key={c} value={c}>
                  {t(`catalog.contactChannel.${c}`)}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              select
              fullWidth
              label={t('calls.log.outcome')}
              value={outcome}
              onChange={(e) => setOutcome(e.target.value as ContactOutcome)}
            >
              {CONTACT_OUTCOMES.map((c) => (
                <MenuItem key={c} value={c}>
                  {t(`catalog.contactOutcome.${c}`)}
                </MenuItem>
              ))}
            </TextField>
          </Stack>
          <TextField
            select
            label={t('calls.log.category')}
            value={category}
            onChange={(e) => setCategory(e.target.value as ContactCategory)}
            data-testid="log-category"
          >
            {CONTACT_CATEGORIES.map((c) => (
              <MenuItem key={c} value={c}>
                {t(`catalog.contactCategory.${c}`)}
              </MenuItem>
            ))}
          </TextField>
          <Stack direction="row" spacing={2}>
            <TextField
              fullWidth
              label={t('calls.log.accountId')}
              value={accountId}
              onChange={(e) => setAccountId(e.target.value)}
              error={!!fieldError.accountId}
              helperText={fieldError.accountId}
              slotProps={{ htmlInput: { inputMode: 'numeric', 'data-testid': 'log-account' } }}
            />
            <TextField
              fullWidth
              label={t('calls.log.caseId')}
              value={caseId}
              onChange={(e) => setCaseId(e.target.value)}
              error={!!fieldError.caseId}
              helperText={fieldError.caseId}
              slotProps={{ htmlInput: { inputMode: 'numeric', 'data-testid': 'log-case' } }}
            />
          </Stack>
          {channel === 'phone' ? (
            <Stack direction="row" spacing={2} alignItems="center">
              <TextField
                fullWidth
                label={t('cases.recording.ref')}
                value={recordingRef}
                onChange={(e) => setRecordingRef(e.target.value)}
                error={!!fieldError.recordingRef}
                helperText={fieldError.recordingRef}
                slotProps={{ htmlInput: { 'data-testid': 'log-recording' } }}
              />
              <FormControlLabel
                sx={{ flexShrink: 0 }}
                control={
                  <Checkbox
                    checked={recordingNotice}
                    onChange={(e) => setRecordingNotice(e.target.checked)}
                    data-testid="log-recording-notice"
                  />
                }
                label={t('cases.recording.notice')}
              />
            </Stack>
          ) : null}
          <NoteField
            label={t('calls.log.note')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            multiline
            minRows={3}
            slotProps={{ htmlInput: { 'data-testid': 'log-note' } }}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{t('calls.log.cancel')}</Button>
        {(props.thenActions ?? []).map((a) => (
          <Button key={a.testId} onClick={() => submit(a.run)} disabled={mutation.isPending} data-testid={a.testId}>
            {a.label}
          </Button>
        ))}
        <Button variant="contained" onClick={() => submit()} disabled={mutation.isPending} data-testid="log-save">
          {t('calls.log.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
