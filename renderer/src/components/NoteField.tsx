import { TextField, type TextFieldProps } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { NOTE_MAX_LENGTH } from '../../../shared/contract/define';
import { useFormat } from '../lib/format';

/** A note longer than any channel takes: the field says so, and main refuses it too. */
export const noteTooLong = (note: string) => note.length > NOTE_MAX_LENGTH;

/**
 * The text field for every note. It never cuts what was typed or pasted (a silent cut loses
 * the end of a note without anyone knowing); past the limit it shows how long the note is
 * against the limit, in error.
 */
export function NoteField(props: TextFieldProps & { value: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const over = noteTooLong(props.value);
  return (
    <TextField
      {...props}
      error={over || props.error}
      helperText={
        over
          ? t('workspace.notes.tooLong', { max: fmt.number(NOTE_MAX_LENGTH), length: fmt.number(props.value.length) })
          : props.helperText
      }
    />
  );
}
