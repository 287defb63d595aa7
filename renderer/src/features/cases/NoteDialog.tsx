import { Button, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NoteField, noteTooLong } from '../../components/NoteField';

/** Asks for the note a step needs (a verdict, an extension), then hands it on. */
export function NoteDialog(props: {
  title: string;
  label: string;
  onClose: () => void;
  onConfirm: (note: string) => void;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [error, setError] = useState(false);
  return (
    <Dialog open onClose={props.onClose} maxWidth="sm" fullWidth>
      <DialogTitle>{props.title}</DialogTitle>
      <DialogContent>
        <NoteField
          autoFocus
          fullWidth
          multiline
          minRows={3}
          sx={{ mt: 1 }}
          label={props.label}
          value={note}
          error={error}
          helperText={error ? t('cases.detail.noteRequired') : ' '}
          onChange={(e) => setNote(e.target.value)}
          slotProps={{ htmlInput: { 'data-testid': 'verdict-note' } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{t('cases.detail.cancel')}</Button>
        <Button
          variant="contained"
          data-testid="verdict-confirm"
          disabled={noteTooLong(note)}
          onClick={() => (note.trim() ? props.onConfirm(note.trim()) : setError(true))}
        >
          {t('cases.detail.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
