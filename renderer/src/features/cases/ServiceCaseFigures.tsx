import { useQuery } from '@tanstack/react-query';
import { Box } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../../shared/contract/session';
import { Figures } from '../../components/Figures';
import { caseQueries } from './queries';

/**
 * The case figures on Call volumes (the Overview shows the same ones from overview:get):
 * counted by the case queue's own list handler, each opening the queue filtered to match.
 */
export function ServiceCaseFigures({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const figures = useQuery(caseQueries.figures(session.permissions.includes('cases.read')));
  if (!figures.data) return null;
  return (
    <Box data-testid="calls-case-figures" aria-label={t('overview.cases')}>
      <Figures figures={figures.data} />
    </Box>
  );
}
