import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServiceCaseDetail } from '../../../../shared/contract/cases';
import { isActiveStatus } from '../../../../shared/domain/cases';
import { COMPLAINT_OUTCOMES, type ComplaintOutcome } from '../../../../shared/domain/complaints';
import { call } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { Section } from '../frozen/CaseSections';
import { NoteDialog } from './NoteDialog';
import { useCaseStep } from './useCaseStep';

function RespondDialog(props: {
  onClose: () => void;
  onConfirm: (a: { outcome: ComplaintOutcome; explanation: string; response: string }) => void;
}) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<ComplaintOutcome>('upheld');
  const [explanation, setExplanation] = useState('');
  const [response, setResponse] = useState('');
  const [error, setError] = useState(false);
  const text = (label: string, value: string, set: (v: string) => void, testId: string) => (
    <TextField
      fullWidth
      required
      multiline
      minRows={3}
      label={label}
      value={value}
      error={error && !value.trim()}
      onChange={(e) => set(e.target.value.slice(0, 4000))}
      slotProps={{ htmlInput: { 'data-testid': testId } }}
    />
  );
  return (
    <Dialog open onClose={props.onClose} maxWidth="sm" fullWidth>
      <DialogTitle>{t('cases.complaint.respond')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <TextField
            select
            label={t('cases.complaint.outcome')}
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as ComplaintOutcome)}
            data-testid="complaint-outcome"
          >
            {COMPLAINT_OUTCOMES.map((o) => (
              <MenuItem key={o} value={o} data-testid={`complaint-outcome-${o}`}>
                {t(`cases.complaint.outcomes.${o}`)}
              </MenuItem>
            ))}
          </TextField>
          {text(t('cases.complaint.explanation'), explanation, setExplanation, 'complaint-explanation')}
          {text(t('cases.complaint.response'), response, setResponse, 'complaint-response')}
          {error ? <Alert severity="error">{t('cases.complaint.answerRequired')}</Alert> : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{t('cases.detail.cancel')}</Button>
        <Button
          variant="contained"
          data-testid="complaint-respond-confirm"
          onClick={() =>
            explanation.trim() && response.trim()
              ? props.onConfirm({ outcome, explanation: explanation.trim(), response: response.trim() })
              : setError(true)
          }
        >
          {t('cases.detail.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** A complaint's facts, its deadlines, its answer, and the steps to extend or answer it. */
export function ComplaintSection({
  d,
  onChange,
}: {
  d: ServiceCaseDetail;
  onChange: (next: ServiceCaseDetail) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [dialog, setDialog] = useState<'extend' | 'respond' | null>(null);
  const run = useCaseStep(onChange, () => setDialog(null));
  const c = d.complaint;
  if (!c) return null;
  const ref = { id: d.id, expectedVersion: d.version };
  const active = isActiveStatus(d.status);
  return (
    <Section title={t('cases.complaint.section')} testId="complaint-section">
      <Typography variant="body2">
        {t(`cases.complaint.channels.${c.channel}`)} · {t(`cases.complaint.categories.${c.category}`)}
      </Typography>
      <Typography sx={{ whiteSpace: 'pre-wrap', my: 1, fontStyle: 'italic' }}>“{c.customerWords}”</Typography>
      <Typography variant="body2">
        {t('cases.complaint.ownDue')}: {fmt.dateTime(c.ownDueAt)}
      </Typography>
      {c.regulator ? (
        <Typography variant="body2" data-testid="complaint-regulator-facts">
          {t(`cases.complaint.regulators.${c.regulator}`)} ·{' '}
          {t('cases.complaint.regulatorDue', { referralNo: c.referralNo })}: {fmt.dateTime(c.regulatorDueAt)}
        </Typography>
      ) : null}
      {c.complex ? (
        <Typography variant="body2">{t('cases.complaint.complex', { reason: c.extensionReason })}</Typography>
      ) : null}
      {c.outcome && c.respondedAt ? (
        <Alert severity={c.onTime ? 'success' : 'warning'} sx={{ my: 1 }} data-testid="complaint-answer">
          {t('cases.complaint.answer', {
            outcome: t(`cases.complaint.outcomes.${c.outcome}`),
            time: fmt.dateTime(c.respondedAt),
            timing: t(c.onTime ? 'cases.complaint.onTime' : 'cases.complaint.late'),
          })}
          <Typography variant="body2" sx={{ mt: 1, whiteSpace: 'pre-wrap' }}>
            {c.explanation}
          </Typography>
          <Typography variant="body2" sx={{ mt: 1, whiteSpace: 'pre-wrap' }}>
            {c.responseText}
          </Typography>
        </Alert>
      ) : null}
      {active ? (
        <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
          {!c.complex ? (
            <Button variant="outlined" onClick={() => setDialog('extend')} data-testid="complaint-extend">
              {t('cases.complaint.extend')}
            </Button>
          ) : null}
          <Button variant="contained" onClick={() => setDialog('respond')} data-testid="complaint-respond">
            {t('cases.complaint.respond')}
          </Button>
        </Stack>
      ) : null}
      {dialog === 'extend' ? (
        <NoteDialog
          title={t('cases.complaint.extend')}
          label={t('cases.complaint.extendReason')}
          onClose={() => setDialog(null)}
          onConfirm={(reason) =>
            run(
              () => call('complaints:extend', { ...ref, reason }),
              (next) => t('cases.complaint.extended', { time: fmt.dateTime(next.slaDueAt) }),
            )
          }
        />
      ) : null}
      {dialog === 'respond' ? (
        <RespondDialog
          onClose={() => setDialog(null)}
          onConfirm={(a) =>
            run(
              () => call('complaints:respond', { ...ref, ...a, idempotencyKey: crypto.randomUUID() }),
              () => t('cases.complaint.answered'),
            )
          }
        />
      ) : null}
    </Section>
  );
}
