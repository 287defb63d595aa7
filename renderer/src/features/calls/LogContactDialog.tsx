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
import { RecordPicker, type PickedRecord } from '../customers/RecordPicker';

/** Where the dialog opens from: the account and case already known, with the labels shown for them. */
export interface LogContactDefaults {
  account?: PickedRecord;
  case?: PickedRecord;
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
  const [account, setAccount] = useState<PickedRecord | null>(null);
  const [fcase, setCase] = useState<PickedRecord | null>(null);
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
    setAccount(defaults?.account ?? null);
    setCase(defaults?.case ?? null);
    setRecordingRef('');
    setRecordingNotice(true);
    setKey(crypto.randomUUID());
    setFieldError({});
  }, [open, defaults]);

  const submit = async (then?: (row: ContactRow) => void) => {
    const errors: Record<string, string> = {};
    if (recordingRef.trim() && !isRecordingRef(recordingRef)) errors.recordingRef = t('cases.recording.bad');
    setFieldError(errors);
    if (Object.keys(errors).length) return;
    try {
      const row = await mutation.mutateAsync({
        channel,
        category,
        outcome,
        note: note.trim() || undefined,
        accountId: account?.id,
        caseId: fcase?.id,
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
            <RecordPicker
              kinds={['customer', 'transaction', 'refund', 'case']}
              idOf={(h) => h.accountId}
              value={account}
              onChange={(picked, hit) => {
                setAccount(
                  picked && hit
                    ? { id: picked.id, label: hit.kind === 'customer' ? picked.label : hit.subtitle }
                    : null,
                );
                // A case on another account cannot be linked (main refuses it): the case goes with its account.
                if (fcase && hit?.kind !== 'case') setCase(null);
                if (hit?.kind === 'case') setCase({ id: hit.recordId, label: hit.title });
              }}
              label={t('calls.log.accountId')}
              placeholder={t('calls.log.accountHint')}
              testId="log-account"
            />
            <RecordPicker
              kinds={['case']}
              idOf={(h) => h.recordId}
              value={fcase}
              onChange={(picked, hit) => {
                setCase(picked);
                if (hit?.accountId && hit.accountId !== account?.id)
                  setAccount({ id: hit.accountId, label: hit.subtitle });
              }}
              label={t('calls.log.caseId')}
              placeholder={t('calls.log.caseHint')}
              testId="log-case"
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
