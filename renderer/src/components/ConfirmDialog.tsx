import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableRow,
} from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface ConfirmFact {
  label: string;
  value: ReactNode;
  testId?: string;
}

/** The facts of a money or irreversible action, label beside value; also shown by dialogs that collect more. */
export function ConfirmFacts({ facts }: { facts: ConfirmFact[] }) {
  return (
    <Table size="small">
      <TableBody>
        {facts.map((f) => (
          <TableRow key={f.label}>
            <TableCell sx={{ color: 'text.secondary', width: '40%', borderBottom: 'none' }}>{f.label}</TableCell>
            <TableCell sx={{ fontWeight: 600, borderBottom: 'none' }} data-testid={f.testId}>
              {f.value}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * "This is what will happen" before a money or irreversible action: the facts (amount, count, total,
 * who), an optional warning, and one confirm button that has the focus, so Enter confirms.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  facts: ConfirmFact[];
  warning?: ReactNode;
  confirmLabel: string;
  color?: 'primary' | 'error' | 'warning';
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Dialog open={props.open} onClose={props.onClose} fullWidth maxWidth="sm" data-testid="confirm-dialog">
      <DialogTitle>{props.title}</DialogTitle>
      <DialogContent>
        {props.warning ? (
          <Alert severity="warning" sx={{ mb: 1.5 }} data-testid="confirm-warning">
            {props.warning}
          </Alert>
        ) : null}
        <ConfirmFacts facts={props.facts} />
        {props.children}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} data-testid="confirm-cancel">
          {t('common.cancel')}
        </Button>
        <Button
          autoFocus
          variant="contained"
          color={props.color ?? 'primary'}
          disabled={props.busy}
          onClick={props.onConfirm}
          data-testid="confirm-submit"
        >
          {props.confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
