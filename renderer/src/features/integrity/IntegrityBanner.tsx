import { Alert, Stack } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { integrityQueries } from './queries';

/** The administrators' integrity warnings, above every page until dismissed or the app restarts. */
export function IntegrityBanner() {
  const { t } = useTranslation();
  const status = useQuery(integrityQueries.status());
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const warnings = (status.data?.warnings ?? []).filter((w) => !hidden.has(`${w.code}@${w.at}`));
  if (warnings.length === 0) return null;
  return (
    <Stack spacing={1} sx={{ mb: 2 }} data-testid="integrity-warnings">
      {warnings.map((w) => (
        <Alert
          key={`${w.code}@${w.at}`}
          severity="error"
          data-testid={`integrity-${w.code}`}
          onClose={() => setHidden((h) => new Set(h).add(`${w.code}@${w.at}`))}
        >
          {String(
            t(`integrity.warnings.${w.code}`, {
              ...w.details,
              restored: w.details.restored ?? '',
              removed: w.details.removed ? ` − ${w.details.removed}` : '',
              problem: w.details.problem ? t(`audit.problems.${w.details.problem}`) : '',
            }),
          )}
        </Alert>
      ))}
    </Stack>
  );
}
