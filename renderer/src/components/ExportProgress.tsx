import { Box, Button, LinearProgress, Stack, Typography } from '@mui/material';
import type { CsvExportStatus } from '../../../shared/contract/exports';

/**
 * A running CSV export: what it is doing (`label`: waiting its turn, or rows written of the
 * total), a bar, and Cancel, which stops the job on the host and downloads nothing.
 */
export function ExportProgress(props: {
  status: CsvExportStatus;
  label: string;
  cancelLabel: string;
  onCancel: () => void;
  testId: string;
}) {
  const { status, label, cancelLabel, onCancel, testId } = props;
  return (
    <Box data-testid={`${testId}-progress`}>
      <Stack direction="row" alignItems="center" spacing={1}>
        <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }} role="status">
          {label}
        </Typography>
        <Button size="small" onClick={onCancel} data-testid={`${testId}-cancel`}>
          {cancelLabel}
        </Button>
      </Stack>
      <LinearProgress
        variant={status.total > 0 ? 'determinate' : 'indeterminate'}
        value={status.total > 0 ? (100 * status.rows) / status.total : 0}
      />
    </Box>
  );
}
