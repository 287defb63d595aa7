import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays, zonedDate } from '../../../../shared/domain/time';
import { useFormat } from '../../lib/format';
import { WallClockField } from '../../components/WallClockField';
import { caseQueries } from './queries';

const COLUMNS = ['volume', 'open', 'overdue', 'responded'] as const;

/** Volume, overdue and upheld rate by category over local dates of the business time zone. */
export function ComplaintReport({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const today = zonedDate(new Date(), fmt.timeZone);
  const [from, setFrom] = useState(addDays(today, -29));
  const [to, setTo] = useState(today);
  const report = useQuery(caseQueries.complaintReport(from, to));
  const rows = report.data?.rows ?? [];
  const rate = (p: number | null) => (p === null ? '—' : `${(p / 10).toFixed(1)}%`);
  const header = (k: (typeof COLUMNS)[number]) => t(`cases.complaint.${k === 'open' ? 'openCount' : k}`);
  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth>
      <DialogTitle>
        {t('cases.complaint.reportTitle', { from, to, zone: report.data?.timeZone ?? fmt.timeZone })}
      </DialogTitle>
      <DialogContent>
        <Stack direction="row" spacing={2} sx={{ my: 1 }}>
          {(
            [
              ['from', from, setFrom],
              ['to', to, setTo],
            ] as const
          ).map(([k, v, set]) => (
            <WallClockField
              key={k}
              kind="date"
              size="small"
              required
              label={t(`cases.complaint.${k}`)}
              value={v}
              onChange={set}
              testId={`complaint-report-${k}`}
            />
          ))}
        </Stack>
        {report.error ? <Alert severity="error">{t(`errors.${report.error.code}`)}</Alert> : null}
        {report.data && !rows.length ? <Alert severity="info">{t('cases.complaint.noComplaints')}</Alert> : null}
        {rows.length ? (
          <Table size="small" data-testid="complaint-report">
            <TableHead>
              <TableRow>
                <TableCell>{t('cases.complaint.category')}</TableCell>
                {COLUMNS.map((k) => (
                  <TableCell key={k} align="right">
                    {header(k)}
                  </TableCell>
                ))}
                <TableCell align="right">{t('cases.complaint.upheldRate')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.category} data-testid={`complaint-report-${r.category}`}>
                  <TableCell>{t(`cases.complaint.categories.${r.category}`)}</TableCell>
                  {COLUMNS.map((k) => (
                    <TableCell key={k} align="right">
                      {fmt.number(r[k])}
                    </TableCell>
                  ))}
                  <TableCell align="right">{rate(r.upheldPermille)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('cases.detail.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
