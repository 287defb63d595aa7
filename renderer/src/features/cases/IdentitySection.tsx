import { Alert, Button, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServiceCaseDetail } from '../../../../shared/contract/cases';
import { missingChecks, type IdentityDecision } from '../../../../shared/domain/identity-security';
import { call } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { IdentityChecklist } from '../../components/IdentityChecklist';
import { Section } from '../frozen/CaseSections';
import { IdentityState } from './IdentityState';
import { NoteDialog } from './NoteDialog';
import { useCaseStep } from './useCaseStep';

/** An identity-security case in its drawer: the request, the checklist, and the decision with its reason. */
export function IdentitySection({
  d,
  onChange,
}: {
  d: ServiceCaseDetail;
  onChange: (next: ServiceCaseDetail) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [deciding, setDeciding] = useState<IdentityDecision | null>(null);
  const [busy, setBusy] = useState(false);
  const run = useCaseStep(onChange, () => setDeciding(null));
  const f = d.identity;
  if (!f) return null;
  const working = d.status === 'open' || d.status === 'in_progress';
  const ready =
    missingChecks(
      f.action,
      f.checks.map((k) => k.kind),
    ).length === 0;
  const ref = { id: d.id, expectedVersion: d.version };
  const step = async (work: () => Promise<ServiceCaseDetail>, done: (next: ServiceCaseDetail) => string) => {
    setBusy(true);
    await run(work, done);
    setBusy(false);
  };
  return (
    <Section title={t('cases.identity.section')} testId="identity-section">
      <Typography variant="body2" data-testid="identity-request">
        <b>{t(`cases.identity.actions.${f.action}`)}</b>
        {f.device ? ` · ${f.device.label}` : ''}
      </Typography>
      {f.fourEyes && working ? (
        <Alert severity="warning" sx={{ my: 1 }} data-testid="identity-four-eyes">
          {t('cases.identity.fourEyes')}
        </Alert>
      ) : null}
      {f.carriedOutAt ? (
        <Alert severity="success" sx={{ my: 1 }} data-testid="identity-carried-out">
          {`${t(`cases.identity.done.${f.action}`)} ${t('cases.identity.carriedOut', { time: fmt.dateTime(f.carriedOutAt) })}`}
        </Alert>
      ) : null}
      <Typography variant="subtitle2" sx={{ mt: 1 }}>
        {t('cases.identity.checks')}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {t('cases.identity.checksHelp', {
          list: f.required.map((c) => t(`catalog.identityCheck.${c}`)).join(t('cases.identity.listSeparator')),
        })}
      </Typography>
      <IdentityChecklist
        marks={f.checks}
        required={f.required}
        disabled={busy || !working}
        testIdPrefix="identity-check-"
        onToggle={(kind, passed) =>
          void step(
            () => call('identity:check', { ...ref, kind, passed }),
            () => t('cases.identity.checked'),
          )
        }
      />
      {working ? (
        <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
          <Button
            variant="contained"
            disabled={busy || !ready}
            onClick={() => setDeciding('carry_out')}
            data-testid="identity-carry-out"
          >
            {t(f.fourEyes ? 'cases.identity.sendForApproval' : 'cases.identity.carryOut')}
          </Button>
          <Button color="error" disabled={busy} onClick={() => setDeciding('decline')} data-testid="identity-decline">
            {t('cases.identity.decline')}
          </Button>
        </Stack>
      ) : null}
      <IdentityState customerId={d.customerId} />
      {deciding ? (
        <NoteDialog
          title={t(deciding === 'decline' ? 'cases.identity.decline' : 'cases.identity.carryOut')}
          label={t('cases.identity.reason')}
          onClose={() => setDeciding(null)}
          onConfirm={(note) =>
            void step(
              () => call('identity:decide', { ...ref, decision: deciding, note, idempotencyKey: crypto.randomUUID() }),
              (next) =>
                next.status === 'awaiting_approval'
                  ? t('cases.identity.sent')
                  : next.status === 'closed'
                    ? t('cases.identity.declined')
                    : t(`cases.identity.done.${f.action}`),
            )
          }
        />
      ) : null}
    </Section>
  );
}
