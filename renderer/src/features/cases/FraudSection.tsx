import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServiceCaseDetail } from '../../../../shared/contract/cases';
import { isActiveStatus } from '../../../../shared/domain/cases';
import { call } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { navigate } from '../../lib/router';
import { NoteField, noteTooLong } from '../../components/NoteField';
import { Section } from '../frozen/CaseSections';
import { NoteDialog } from './NoteDialog';
import { useCaseStep } from './useCaseStep';

function RecallDialog(props: { onClose: () => void; onConfirm: (a: { reference: string; note: string }) => void }) {
  const { t } = useTranslation();
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState(false);
  const confirm = () =>
    reference.trim() && note.trim()
      ? props.onConfirm({ reference: reference.trim(), note: note.trim() })
      : setError(true);
  return (
    <Dialog open onClose={props.onClose} maxWidth="sm" fullWidth>
      <DialogTitle>{t('cases.fraud.recall')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <TextField
            required
            label={t('cases.fraud.recallReference')}
            value={reference}
            error={error && !reference.trim()}
            onChange={(e) => setReference(e.target.value)}
            slotProps={{ htmlInput: { maxLength: 100, 'data-testid': 'fraud-recall-reference' } }}
          />
          <NoteField
            required
            multiline
            minRows={2}
            label={t('cases.fraud.recallNote')}
            value={note}
            error={error && !note.trim()}
            helperText={error ? t('cases.fraud.recallRequired') : ' '}
            onChange={(e) => setNote(e.target.value)}
            slotProps={{ htmlInput: { 'data-testid': 'fraud-recall-note' } }}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{t('cases.detail.cancel')}</Button>
        <Button variant="contained" disabled={noteTooLong(note)} onClick={confirm} data-testid="fraud-recall-confirm">
          {t('cases.detail.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** A fraud report's facts in its drawer, and its two steps: the recall request, then resolving it. */
export function FraudSection({ d, onChange }: { d: ServiceCaseDetail; onChange: (next: ServiceCaseDetail) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [dialog, setDialog] = useState<'recall' | 'resolve' | null>(null);
  const run = useCaseStep(onChange, () => setDialog(null));
  const f = d.fraud;
  if (!f) return null;
  const ref = { id: d.id, expectedVersion: d.version, idempotencyKey: crypto.randomUUID() };
  const active = isActiveStatus(d.status);
  return (
    <Section title={t('cases.fraud.section')} testId="fraud-section">
      <Typography variant="body2">{t(`cases.fraud.schemes.${f.scheme}`)}</Typography>
      <Typography variant="body2" data-testid="fraud-number-line">
        {t('cases.fraud.numberLine', { number: f.fakeNumber, count: f.numberReports })}
      </Typography>
      <Typography variant="body2">
        {t('cases.fraud.lossLine', { amount: fmt.money(f.lossMinor, f.currency) })}
      </Typography>
      {f.flaggedPayees.length ? (
        <Typography variant="body2" data-testid="fraud-payees">
          {t('cases.fraud.payees')}: {f.flaggedPayees.join(', ')}
        </Typography>
      ) : null}
      {f.freezeCaseId ? (
        <Button
          sx={{ mt: 1 }}
          onClick={() => navigate('/frozen', { id: f.freezeCaseId })}
          data-testid="fraud-freeze-case"
        >
          {t('cases.fraud.freezeCase', { caseNo: f.freezeCaseNo })}
        </Button>
      ) : null}
      {f.recallReference && f.recallRequestedAt ? (
        <Alert severity="info" sx={{ my: 1 }} data-testid="fraud-recall">
          {t('cases.fraud.recallLine', { time: fmt.dateTime(f.recallRequestedAt), reference: f.recallReference })}
        </Alert>
      ) : null}
      {active ? (
        <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
          {!f.recallReference ? (
            <Button variant="outlined" onClick={() => setDialog('recall')} data-testid="fraud-recall-open">
              {t('cases.fraud.recall')}
            </Button>
          ) : null}
          <Button variant="contained" onClick={() => setDialog('resolve')} data-testid="fraud-resolve">
            {t('cases.fraud.resolve')}
          </Button>
        </Stack>
      ) : null}
      {dialog === 'recall' ? (
        <RecallDialog
          onClose={() => setDialog(null)}
          onConfirm={(a) =>
            run(
              () => call('fraud:recall', { ...ref, ...a }),
              () => t('cases.fraud.recalled'),
            )
          }
        />
      ) : null}
      {dialog === 'resolve' ? (
        <NoteDialog
          title={t('cases.fraud.resolve')}
          label={t('cases.fraud.resolveNote')}
          onClose={() => setDialog(null)}
          onConfirm={(note) =>
            run(
              () => call('fraud:resolve', { ...ref, note }),
              () => t('cases.fraud.resolved'),
            )
          }
        />
      ) : null}
    </Section>
  );
}
