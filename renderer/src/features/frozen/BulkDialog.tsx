import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
} from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BulkRowResult, FreezeCaseRow } from '../../../../shared/contract/frozen';
import { DECISION_REASONS, type DecisionReason } from '../../../../shared/domain/freeze';
import { ApiError, call } from '../../lib/api';
import { useToast } from '../../components/Toasts';
import { NoteField } from '../../components/NoteField';
import { sharedQueries } from '../../lib/queries';

export type BulkAction = 'claim' | 'assign' | 'unfreeze';

/** Runs one bulk action on the selected cases and lists every row's outcome. */
export function BulkDialog({
  action,
  rows,
  onClose,
}: {
  action: BulkAction;
  rows: FreezeCaseRow[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const operators = useQuery(sharedQueries.operatorDirectory());
  const [ownerId, setOwnerId] = useState<number | ''>('');
  const [reasonCode, setReasonCode] = useState<DecisionReason | ''>('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<BulkRowResult[] | null>(null);
  // One key per dialog: a retry after a lost reply returns the first outcome.
  const [idempotencyKey] = useState(() => crypto.randomUUID());

  const run = async () => {
    setError(null);
    setBusy(true);
    const ids = rows.map((r) => r.id);
    try {
      const input =
        action === 'assign'
          ? { action, ids, ownerId: Number(ownerId), idempotencyKey }
          : action === 'unfreeze'
            ? { action, ids, reasonCode: reasonCode as DecisionReason, note, idempotencyKey }
            : { action, ids, idempotencyKey };
      const out = await call('frozen:bulk', input);
      setResults(out.results);
      const ok = out.results.filter((r) => r.ok).length;
      toast(t('frozen.bulk.succeeded', { ok, failed: out.results.length - ok }), ok ? 'success' : 'warning');
    } catch (err) {
      if (err instanceof ApiError && err.fields?.note) setError(t('frozen.decide.noteRequired'));
      else setError(err instanceof ApiError ? t(`errors.${err.code}`) : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth data-testid="bulk-dialog">
      <DialogTitle>{t('frozen.bulk.title', { action: t(`frozen.bulk.${action}`) })}</DialogTitle>
      <DialogContent>
        {error ? (
          <Alert severity="error" sx={{ mb: 2 }} data-testid="bulk-error">
            {error}
          </Alert>
        ) : null}
        {results ? (
          <>
            <Alert severity="info" sx={{ mb: 1 }} data-testid="bulk-summary">
              {t('frozen.bulk.succeeded', {
                ok: results.filter((r) => r.ok).length,
                failed: results.filter((r) => !r.ok).length,
              })}
            </Alert>
            <Table size="small" data-testid="bulk-results">
              <TableHead>
                <TableRow>
                  <TableCell>{t('frozen.bulk.row')}</TableCell>
                  <TableCell>{t('frozen.bulk.outcome')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {results.map((r) => (
                  <TableRow key={r.id} data-testid="bulk-result-row">
                    <TableCell>{r.caseNo ?? `#${r.id}`}</TableCell>
                    <TableCell sx={{ color: r.ok ? 'success.main' : 'error.main' }}>
                      {r.ok ? t('frozen.bulk.ok') : t(`errors.${r.code as 'NOT_FOUND'}`)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </>
        ) : (
          <Stack spacing={2} sx={{ mt: 1 }}>
            {action === 'assign' ? (
              <TextField
                select
                label={t('frozen.bulk.assignTo')}
                value={ownerId}
                onChange={(e) => setOwnerId(Number(e.target.value))}
              >
                {(operators.data ?? []).map((o) => (
                  <MenuItem key={o.id} value={o.id}>
                    {o.displayName}
                  </MenuItem>
                ))}
              </TextField>
            ) : null}
            {action === 'unfreeze' ? (
              <>
                <Alert severity="info">{t('frozen.bulk.lowRiskOnly')}</Alert>
                <TextField
                  select
                  label={t('frozen.decide.reasonCode')}
                  value={reasonCode}
                  onChange={(e) => setReasonCode(e.target.value as DecisionReason)}
                >
                  {DECISION_REASONS.map((r) => (
                    <MenuItem key={r} value={r}>
                      {t(`catalog.decisionReason.${r}`)}
                    </MenuItem>
                  ))}
                </TextField>
                <NoteField
                  label={t('frozen.decide.note')}
                  multiline
                  minRows={2}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  slotProps={{ htmlInput: { 'data-testid': 'bulk-note' } }}
                />
              </>
            ) : null}
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.close')}</Button>
        {results ? null : (
          <Button
            variant="contained"
            onClick={run}
            disabled={busy || (action === 'assign' && ownerId === '') || (action === 'unfreeze' && reasonCode === '')}
            data-testid="bulk-run"
          >
            {t('frozen.bulk.run', { count: rows.length })}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
