import {
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
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BulkResult } from '../../../../shared/contract/refunds';
import { REJECT_REASONS, type RejectReason } from '../../../../shared/domain/refunds';
import { NoteField } from '../../components/NoteField';

/** Asks for a reject reason code; "other" also needs a note. */
export function RejectDialog(props: {
  what: string | null;
  onClose: () => void;
  onReject: (reason: RejectReason, note: string) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<RejectReason | ''>('');
  const [note, setNote] = useState('');
  const needsNote = reason === 'other' && !note.trim();
  const close = () => {
    setReason('');
    setNote('');
    props.onClose();
  };
  return (
    <Dialog open={props.what !== null} onClose={close} fullWidth maxWidth="xs" data-testid="reject-dialog">
      <DialogTitle>{t('refunds.reject.title', { what: props.what ?? '' })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <TextField
            select
            autoFocus
            label={t('refunds.reject.reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value as RejectReason)}
            data-testid="reject-reason"
          >
            {REJECT_REASONS.map((r) => (
              <MenuItem key={r} value={r} data-testid={`reject-reason-${r}`}>
                {t(`catalog.rejectReason.${r}`)}
              </MenuItem>
            ))}
          </TextField>
          <NoteField
            label={t('refunds.reject.note')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            multiline
            minRows={2}
            error={needsNote}
            helperText={needsNote ? t('refunds.reject.noteRequired') : ' '}
            slotProps={{ htmlInput: { 'data-testid': 'reject-note' } }}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>{t('refunds.form.cancel')}</Button>
        <Button
          variant="contained"
          color="error"
          disabled={!reason || needsNote}
          data-testid="reject-submit"
          onClick={() => {
            props.onReject(reason as RejectReason, note.trim());
            close();
          }}
        >
          {t('refunds.reject.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** A required note, for returning a failed payout to pending or cancelling a request. */
export function NoteDialog(props: {
  open: boolean;
  title: string;
  onClose: () => void;
  onConfirm: (note: string) => void;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  return (
    <Dialog open={props.open} onClose={props.onClose} fullWidth maxWidth="xs" data-testid="note-dialog">
      <DialogTitle>{props.title}</DialogTitle>
      <DialogContent>
        <NoteField
          autoFocus
          fullWidth
          multiline
          minRows={2}
          sx={{ mt: 1 }}
          label={t('refunds.note.label')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          slotProps={{ htmlInput: { 'data-testid': 'note-input' } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{t('refunds.form.cancel')}</Button>
        <Button
          variant="contained"
          disabled={!note.trim()}
          data-testid="note-submit"
          onClick={() => {
            props.onConfirm(note.trim());
            setNote('');
          }}
        >
          {t('refunds.note.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** Each row's outcome of a bulk action. */
export function BulkResultDialog(props: {
  result: BulkResult | null;
  refundNos: Map<number, string>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const r = props.result;
  return (
    <Dialog open={!!r} onClose={props.onClose} fullWidth maxWidth="sm" data-testid="bulk-result">
      <DialogTitle>{t('refunds.bulk.title')}</DialogTitle>
      <DialogContent>
        {r ? (
          <>
            <Typography gutterBottom data-testid="bulk-summary">
              {t('refunds.bulk.summary', { succeeded: r.succeeded, failed: r.failed })}
            </Typography>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{t('refunds.bulk.row')}</TableCell>
                  <TableCell>{t('refunds.bulk.outcome')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {r.rows.map((row) => (
                  <TableRow key={row.id} data-testid={`bulk-row-${row.ok ? 'ok' : 'failed'}`}>
                    <TableCell>{props.refundNos.get(row.id) ?? `#${row.id}`}</TableCell>
                    <TableCell sx={{ color: row.ok ? 'success.main' : 'error.main' }}>
                      {row.ok ? t(`catalog.refundStatus.${row.status}`) : t(`errors.${row.code}`)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} data-testid="bulk-close">
          {t('common.close')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

const SHORTCUTS = [
  ['A', 'approve'],
  ['R', 'reject'],
  ['J', 'next'],
  ['K', 'previous'],
  ['Enter', 'open'],
  ['?', 'help'],
] as const;

export function ShortcutsDialog(props: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog open={props.open} onClose={props.onClose} data-testid="shortcuts-dialog">
      <DialogTitle>{t('refunds.shortcuts.title')}</DialogTitle>
      <DialogContent>
        <Table size="small">
          <TableBody>
            {SHORTCUTS.map(([k, what]) => (
              <TableRow key={k}>
                <TableCell sx={{ fontFamily: 'monospace', fontWeight: 600 }}>{k}</TableCell>
                <TableCell>{t(`refunds.shortcuts.${what}`)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{t('common.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
