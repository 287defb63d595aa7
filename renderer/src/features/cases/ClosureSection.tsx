import { Alert, Button, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServiceCaseDetail } from '../../../../shared/contract/cases';
import { coolingOffOver } from '../../../../shared/domain/closure';
import { call } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { Section } from '../frozen/CaseSections';
import { useMinuteClock } from '../frozen/columns';
import { NoteDialog } from './NoteDialog';
import { useCaseStep } from './useCaseStep';

/** A closure request in its drawer: the checks, the cooling-off period, and its steps before approval. */
export function ClosureSection({ d, onChange }: { d: ServiceCaseDetail; onChange: (next: ServiceCaseDetail) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const now = useMinuteClock();
  const [withdrawing, setWithdrawing] = useState(false);
  const run = useCaseStep(onChange, () => setWithdrawing(false));
  const c = d.closure;
  if (!c) return null;
  const ref = { id: d.id, expectedVersion: d.version, idempotencyKey: crypto.randomUUID() };
  const cooling = d.status === 'cooling_off';
  return (
    <Section title={t('cases.closure.section')} testId="closure-section">
      <Typography variant="body2">
        {t('cases.closure.checks')}: {c.checks.map((x) => t(`catalog.identityCheck.${x}`)).join(', ')}
      </Typography>
      <Typography variant="body2" data-testid="closure-cooling-off">
        {t('cases.closure.coolingOff', { time: fmt.dateTime(c.coolingOffUntil) })}
      </Typography>
      {c.paidMinor !== null && d.status === 'approved' ? (
        <Alert severity="success" sx={{ my: 1 }} data-testid="closure-paid">
          {t('cases.closure.paid', { amount: fmt.money(c.paidMinor, c.currency), txnNo: c.payoutTxnNo ?? '—' })}
        </Alert>
      ) : null}
      {cooling ? (
        <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
          <Button
            variant="contained"
            disabled={!coolingOffOver(c.coolingOffUntil, now)}
            onClick={() =>
              run(
                () => call('closure:submit', ref),
                () => t('cases.closure.sent'),
              )
            }
            data-testid="closure-send"
          >
            {t('cases.closure.send')}
          </Button>
          <Button color="inherit" onClick={() => setWithdrawing(true)} data-testid="closure-withdraw">
            {t('cases.closure.withdraw')}
          </Button>
        </Stack>
      ) : null}
      {withdrawing ? (
        <NoteDialog
          title={t('cases.closure.withdraw')}
          label={t('cases.closure.withdrawNote')}
          onClose={() => setWithdrawing(false)}
          onConfirm={(note) =>
            run(
              () => call('closure:withdraw', { ...ref, note }),
              () => t('cases.closure.withdrawn'),
            )
          }
        />
      ) : null}
    </Section>
  );
}
