import { Box, Button, LinearProgress, Stack, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { CsvExportStatus } from '../../../shared/contract/exports';
import { useFormat } from '../lib/format';

/**
 * A running CSV export: waiting its turn, or rows written of the total, a bar, and Cancel,
 * which stops the job on the host and downloads nothing. `messages` is the page's message group
 * holding exportQueued, exporting ({{rows}}, {{total}}) and exportCancel.
 */
export function ExportProgress(props: {
  status: CsvExportStatus;
  messages: 'audit' | 'calls.drill';
  onCancel: () => void;
  testId: string;
}) {
  const { status, messages, onCancel, testId } = props;
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Box data-testid={`${testId}-progress`}>
      <Stack direction="row" alignItems="center" spacing={1}>
        <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }} role="status">
          {status.state === 'queued'
            ? t(`${messages}.exportQueued`)
            : t(`${messages}.exporting`, { rows: fmt.number(status.rows), total: fmt.number(status.total) })}
        </Typography>
        <Button size="small" onClick={onCancel} data-testid={`${testId}-cancel`}>
          {t(`${messages}.exportCancel`)}
        </Button>
      </Stack>
      <LinearProgress
        variant={status.total > 0 ? 'determinate' : 'indeterminate'}
        value={status.total > 0 ? (100 * status.rows) / status.total : 0}
      />
    </Box>
  );
}
