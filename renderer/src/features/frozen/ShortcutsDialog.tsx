import { Dialog, DialogContent, DialogTitle, Table, TableBody, TableCell, TableRow } from '@mui/material';
import { useTranslation } from 'react-i18next';

const SHORTCUTS = [
  ['↑ ↓', 'move'],
  ['Enter', 'open'],
  ['C', 'claim'],
  ['?', 'help'],
  ['Esc', 'close'],
] as const;

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} onClose={onClose} data-testid="shortcuts">
      <DialogTitle>{t('frozen.shortcuts.title')}</DialogTitle>
      <DialogContent>
        <Table size="small">
          <TableBody>
            {SHORTCUTS.map(([key, label]) => (
              <TableRow key={key}>
                <TableCell sx={{ fontFamily: 'monospace', fontWeight: 600 }}>{key}</TableCell>
                <TableCell>{t(`frozen.shortcuts.${label}`)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </DialogContent>
    </Dialog>
  );
}
