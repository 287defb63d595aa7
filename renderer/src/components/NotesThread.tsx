import { Alert, Box, Button, List, ListItem, ListItemText, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NoteEntityType } from '../../../shared/contract/notes';
import { useQuery } from '@tanstack/react-query';
import { ApiError, useApiMutation } from '../lib/api';
import { sharedQueries } from '../lib/queries';
import { useFormat } from '../lib/format';
import { NoteField } from './NoteField';

/** The notes on one entity, newest first, with a box to add one. Domain-neutral; every note is audited in main. */
export function NotesThread({ entityType, entityId }: { entityType: NoteEntityType; entityId: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const notes = useQuery(sharedQueries.notes(entityType, entityId));
  const add = useApiMutation('notes:add');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    setError(null);
    try {
      await add.mutateAsync({ entityType, entityId, body });
      setBody('');
    } catch (err) {
      if (err instanceof ApiError && err.fields?.body) setError(t('workspace.notes.required'));
      else setError(err instanceof ApiError ? t(`errors.${err.code}`) : String(err));
    }
  };

  return (
    <Box data-testid="notes-thread">
      <Typography variant="subtitle1" gutterBottom>
        {t('workspace.notes.title')}
      </Typography>
      <Stack direction="row" spacing={1} alignItems="flex-start">
        <NoteField
          size="small"
          fullWidth
          multiline
          maxRows={4}
          placeholder={t('workspace.notes.placeholder')}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          slotProps={{ htmlInput: { 'data-testid': 'note-input' } }}
        />
        <Button variant="outlined" onClick={submit} disabled={add.isPending} data-testid="note-add">
          {t('workspace.notes.add')}
        </Button>
      </Stack>
      {error ? (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error}
        </Alert>
      ) : null}
      {notes.data?.length ? (
        <List dense>
          {notes.data.map((n) => (
            <ListItem key={n.id} disableGutters data-testid="note">
              <ListItemText
                primary={n.body}
                secondary={`${n.operatorName} · ${fmt.dateTime(n.createdAt)}`}
                slotProps={{ primary: { sx: { whiteSpace: 'pre-wrap' } } }}
              />
            </ListItem>
          ))}
        </List>
      ) : (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {t('workspace.notes.empty')}
        </Typography>
      )}
    </Box>
  );
}
