import ConstructionIcon from '@mui/icons-material/Construction';
import { Paper, Stack, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { Messages } from '../i18n/en-US';

/** A page whose capability is not built yet says so plainly; it never shows made-up data. */
export function NotBuilt({ page }: { page: keyof Messages['notBuilt'] & keyof Messages['nav'] }) {
  const { t } = useTranslation();
  return (
    <Paper variant="outlined" sx={{ p: 4, maxWidth: 720 }} data-testid="not-built">
      <Stack direction="row" spacing={2} alignItems="flex-start">
        <ConstructionIcon color="disabled" fontSize="large" />
        <div>
          <Typography variant="h6" gutterBottom>
            {t('notBuilt.title')}
          </Typography>
          <Typography color="text.secondary" gutterBottom>
            {t(`notBuilt.${page}`)}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {t('notBuilt.body')}
          </Typography>
        </div>
      </Stack>
    </Paper>
  );
}
