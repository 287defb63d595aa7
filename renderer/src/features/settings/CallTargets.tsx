import { useQuery } from '@tanstack/react-query';
import { Button, MenuItem, Paper, Stack, TextField, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SHORT_ABANDON_THRESHOLDS, SL_THRESHOLDS, type CallSettings } from '../../../../shared/domain/contact-kpis';
import { useApiMutation } from '../../lib/api';
import { useFeedback } from '../../components/Toasts';
import { sharedQueries } from '../../lib/queries';

type Field = keyof CallSettings;
const CHOICES: Partial<Record<Field, readonly number[]>> = {
  serviceLevelSeconds: SL_THRESHOLDS,
  shortAbandonSeconds: SHORT_ABANDON_THRESHOLDS,
};
const FIELDS: Field[] = [
  'serviceLevelPct',
  'serviceLevelSeconds',
  'shortAbandonSeconds',
  'asaTargetSeconds',
  'abandonTargetPct',
  'ahtTargetSeconds',
  'fcrTargetPct',
  'escalationTargetPct',
  'shrinkagePct',
  'maxOccupancyPct',
];

/** The call centre's targets and staffing assumptions; main validates each bound. */
export function CallTargets() {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const settings = useQuery(sharedQueries.settings());
  const save = useApiMutation('settings:update');
  const [form, setForm] = useState<Record<Field, string> | null>(null);
  useEffect(() => {
    if (settings.data)
      setForm(Object.fromEntries(FIELDS.map((f) => [f, String(settings.data.calls[f])])) as Record<Field, string>);
  }, [settings.data]);
  if (!form) return null;
  return (
    <Paper variant="outlined" sx={{ p: 3, maxWidth: 560, mt: 2 }} data-testid="call-targets">
      <Typography variant="subtitle1" gutterBottom>
        {t('settings.callTargets')}
      </Typography>
      <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 2 }}>
        {FIELDS.map((f) => (
          <TextField
            key={f}
            size="small"
            select={!!CHOICES[f]}
            type={CHOICES[f] ? undefined : 'number'}
            label={t(`settings.call.${f}`)}
            value={form[f]}
            onChange={(e) => setForm({ ...form, [f]: e.target.value })}
            sx={{ width: 240 }}
          >
            {CHOICES[f]?.map((v) => (
              <MenuItem key={v} value={String(v)}>
                {v}
              </MenuItem>
            ))}
          </TextField>
        ))}
      </Stack>
      <Button
        variant="contained"
        sx={{ mt: 2 }}
        disabled={save.isPending}
        onClick={() =>
          save.mutate(
            { calls: Object.fromEntries(FIELDS.map((f) => [f, Number(form[f])])) as unknown as CallSettings },
            feedback(t('settings.saved')),
          )
        }
      >
        {t('settings.save')}
      </Button>
    </Paper>
  );
}
