import { Dialog, DialogContent, DialogTitle, Table, TableBody, TableCell, TableRow } from '@mui/material';
import { useTranslation } from 'react-i18next';

const SHORTCUTS = [
  ['↑ ↓', 'move'],
  ['Enter', 'open'],
  ['C', 'claim'],
  ['?', 'help'],
  ['Esc', 'close'],
] as const;

/** The queue's keys, listed by `?`; `ns` picks the page's message namespace (the service cases share the keys). */
export function ShortcutsDialog({
  open,
  onClose,
  ns = 'frozen',
}: {
  open: boolean;
  onClose: () => void;
  ns?: 'frozen' | 'cases';
}) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} onClose={onClose} data-testid="shortcuts">
      <DialogTitle>{t(`${ns}.shortcuts.title`)}</DialogTitle>
      <DialogContent>
        <Table size="small">
          <TableBody>
            {SHORTCUTS.map(([key, label]) => (
              <TableRow key={key}>
                <TableCell sx={{ fontFamily: 'monospace', fontWeight: 600 }}>{key}</TableCell>
                <TableCell>{t(`${ns}.shortcuts.${label}`)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </DialogContent>
    </Dialog>
  );
}
