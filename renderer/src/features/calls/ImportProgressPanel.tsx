import { useQuery } from '@tanstack/react-query';
import DownloadIcon from '@mui/icons-material/Download';
import {
  Alert,
  Button,
  LinearProgress,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { useToast } from '../../components/Toasts';
import { downloadCsv } from './chart-export';
import { callQueries } from './queries';

/** A running import's progress (it can be cancelled), then its summary and the refused rows. */
export function ImportProgressPanel({ id }: { id: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const status = useQuery(callQueries.importStatus(id));
  const s = status.data;
  if (!s) return <LinearProgress />;
  const fail = (err: unknown) => toast(err instanceof ApiError ? t(`errors.${err.code}`) : String(err), 'error');
  const running = s.status === 'running';
  return (
    <Stack spacing={2} data-testid="import-result" data-status={s.status}>
      {running ? (
        <>
          <LinearProgress variant="determinate" value={s.totalBytes ? (100 * s.processedBytes) / s.totalBytes : 0} />
          <Typography variant="body2">
            {t('calls.import.running', { count: s.rowsRead, rows: fmt.number(s.rowsRead) })}
          </Typography>
          <Button
            color="warning"
            variant="outlined"
            sx={{ alignSelf: 'flex-start' }}
            onClick={() => call('contacts:importCancel', { id }).then(() => status.refetch(), fail)}
            data-testid="import-cancel"
          >
            {t('calls.import.cancel')}
          </Button>
        </>
      ) : (
        <Alert severity={s.status === 'completed' ? (s.errors ? 'warning' : 'success') : 'error'}>
          <Typography variant="body2" fontWeight={600}>
            {t(`calls.import.status.${s.status}`)}
          </Typography>
          <span data-testid="import-summary">
            {t('calls.import.summary', {
              imported: fmt.number(s.imported),
              duplicates: fmt.number(s.duplicates),
              errors: fmt.number(s.errors),
            })}
          </span>
        </Alert>
      )}
      {s.errors > 0 ? (
        <>
          <Stack direction="row" alignItems="center" spacing={2}>
            <Typography variant="subtitle2" sx={{ flexGrow: 1 }}>
              {t('calls.import.errorsTitle')}
            </Typography>
            <Button
              startIcon={<DownloadIcon />}
              onClick={() =>
                call('contacts:importErrors', { id }).then((r) => downloadCsv(r.csv, `import-${id}-errors.csv`), fail)
              }
              data-testid="import-errors-download"
            >
              {t('calls.import.downloadErrors')}
            </Button>
          </Stack>
          <Table size="small" data-testid="import-errors">
            <TableHead>
              <TableRow>
                <TableCell>{t('calls.import.row')}</TableCell>
                <TableCell>{t('calls.import.reason')}</TableCell>
                <TableCell>{t('calls.import.field')}</TableCell>
                <TableCell>{t('calls.import.value')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {s.sampleErrors.map((e) => (
                <TableRow key={e.row}>
                  <TableCell>{e.row}</TableCell>
                  <TableCell>{t(`calls.import.reasons.${e.reason}`)}</TableCell>
                  <TableCell>{e.field ? t(`calls.import.fields.${e.field}`) : ''}</TableCell>
                  <TableCell>{e.value}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      ) : null}
    </Stack>
  );
}
