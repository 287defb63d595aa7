import { useQuery } from '@tanstack/react-query';
import { Button, Paper, Stack, TextField, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { clockProblem } from '../../../../shared/domain/complaints';
import { ApiError, useApiMutation } from '../../lib/api';
import { useToast } from '../../components/Toasts';
import { caseQueries } from './queries';

/** Settings → General: the complaint response clock (admins; every change needs a reason and is audited). */
export function ComplaintClockSettings() {
  const { t } = useTranslation();
  const toast = useToast();
  const clock = useQuery(caseQueries.complaintClock());
  const save = useApiMutation('complaints:setClock');
  const [days, setDays] = useState({ responseDays: '', extendedDays: '' });
  const [reason, setReason] = useState('');
  useEffect(() => {
    if (clock.data)
      setDays({ responseDays: String(clock.data.responseDays), extendedDays: String(clock.data.extendedDays) });
  }, [clock.data]);
  const next = { responseDays: Number(days.responseDays), extendedDays: Number(days.extendedDays) };
  const invalid = clockProblem(next) !== null;
  const submit = async () => {
    try {
      await save.mutateAsync({ ...next, reason: reason.trim() });
      setReason('');
      toast(t('cases.complaint.clockSaved'), 'success');
    } catch (err) {
      toast(err instanceof ApiError ? t(`errors.${err.code}`) : String(err), 'error');
    }
  };
  return (
    <Paper variant="outlined" sx={{ p: 2, mt: 2, maxWidth: 720 }} data-testid="complaint-clock">
      <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
        {t('cases.complaint.clockTitle')}
      </Typography>
      <Typography variant="body2" color="text.secondary" gutterBottom>
        {t('cases.complaint.clockHelp')}
      </Typography>
      <Stack direction="row" spacing={2} sx={{ mt: 1 }}>
        {(['responseDays', 'extendedDays'] as const).map((k) => (
          <TextField
            key={k}
            size="small"
            type="number"
            label={t(`cases.complaint.${k}`)}
            value={days[k]}
            error={invalid}
            onChange={(e) => setDays((d) => ({ ...d, [k]: e.target.value }))}
            slotProps={{ htmlInput: { min: 1, max: 90, 'data-testid': `complaint-clock-${k}` } }}
          />
        ))}
        <TextField
          size="small"
          label={t('cases.complaint.clockReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value.slice(0, 500))}
          slotProps={{ htmlInput: { 'data-testid': 'complaint-clock-reason' } }}
        />
        <Button
          variant="contained"
          disabled={invalid || !reason.trim() || save.isPending}
          onClick={submit}
          data-testid="complaint-clock-save"
        >
          {t('settings.save')}
        </Button>
      </Stack>
      {invalid ? (
        <Typography variant="body2" color="error" sx={{ mt: 1 }}>
          {t('errors.COMPLAINT_CLOCK_INVALID')}
        </Typography>
      ) : null}
    </Paper>
  );
}
