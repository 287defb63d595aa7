import { useQuery } from '@tanstack/react-query';
import { Autocomplete, Button, Paper, Stack, TextField } from '@mui/material';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation } from '../../lib/api';
import { useToast } from '../../components/Toasts';
import { sharedQueries } from '../../lib/queries';

const ZONES: string[] = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.(
  'timeZone',
) ?? ['UTC', 'Asia/Shanghai'];

export function GeneralSettings() {
  const { t } = useTranslation();
  const toast = useToast();
  const settings = useQuery(sharedQueries.settings());
  const save = useApiMutation('settings:update');
  const [timeZone, setTimeZone] = useState('');
  const [idle, setIdle] = useState('15');
  useEffect(() => {
    if (settings.data) {
      setTimeZone(settings.data.timeZone);
      setIdle(String(settings.data.idleLockMinutes));
    }
  }, [settings.data]);

  return (
    <Paper variant="outlined" sx={{ p: 3, maxWidth: 560 }}>
      <Stack spacing={2}>
        <Autocomplete
          options={ZONES}
          value={timeZone || null}
          onChange={(_e, v) => setTimeZone(v ?? '')}
          renderInput={(params) => (
            <TextField {...params} label={t('settings.timeZone')} helperText={t('settings.timeZoneHelp')} />
          )}
        />
        <TextField
          label={t('settings.idleLock')}
          type="number"
          value={idle}
          onChange={(e) => setIdle(e.target.value)}
          slotProps={{ htmlInput: { min: 1, max: 240 } }}
        />
        <Button
          variant="contained"
          disabled={save.isPending}
          onClick={() =>
            save.mutate(
              { timeZone, idleLockMinutes: Number(idle) },
              { onSuccess: () => toast(t('settings.saved')), onError: (e) => toast(t(`errors.${e.code}`), 'error') },
            )
          }
        >
          {t('settings.save')}
        </Button>
      </Stack>
    </Paper>
  );
}
