import NoAccountsIcon from '@mui/icons-material/NoAccounts';
import LockOpenIcon from '@mui/icons-material/LockOpen';
import ReportIcon from '@mui/icons-material/Report';
import { Alert, Button } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerProfile } from '../../../../shared/contract/customer360';
import type { SessionInfo } from '../../../../shared/contract/session';
import { ClosureDialog } from './ClosureDialog';
import { FraudReportDialog, type FraudTarget } from './FraudReportDialog';
import { IdentityDialog, type IdentityTarget } from './IdentityDialog';
import { caseQueries } from './queries';

/** On the customer page: this customer reported fraud, so a caller asking for changes is checked first. */
export function FraudVictimWarning({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const reports = useQuery(caseQueries.fraudReportsOf(customerId));
  const rows = reports.data?.rows ?? [];
  if (!rows.length) return null;
  return (
    <Alert severity="error" sx={{ mb: 1 }} data-testid="customer-fraud-warning">
      {t('cases.fraud.customerWarning', { list: rows.map((r) => r.caseNo).join(', ') })}
    </Alert>
  );
}

/**
 * The customer page's "Report fraud" button and its dialog. `openNow` opens it as the page opens
 * (the command palette's "Report fraud…"), once.
 */
export function ReportFraudButton({
  profile,
  session,
  openNow,
  onOpened,
}: {
  profile: CustomerProfile;
  session: SessionInfo;
  openNow?: boolean;
  onOpened?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [target, setTarget] = useState<FraudTarget | null>(null);
  const allowed = session.permissions.includes('cases.work');
  const open = () =>
    setTarget({
      customerId: profile.id,
      accountId: profile.accountId,
      accountStatus: profile.accountStatus,
      currency: profile.currency,
      name: i18n.language === 'zh-CN' ? profile.nameZh : profile.nameEn,
    });
  useEffect(() => {
    if (!openNow) return;
    if (allowed) open();
    onOpened?.();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per request
  }, [openNow]);
  if (!allowed) return null;
  return (
    <>
      <Button
        startIcon={<ReportIcon />}
        color="warning"
        onClick={open}
        sx={{ mb: 1, ml: 1 }}
        data-testid="open-fraud-report"
      >
        {t('cases.fraud.open')}
      </Button>
      <FraudReportDialog target={target} onClose={() => setTarget(null)} />
    </>
  );
}

/** The customer page's "Close account" button: a customer's own request, for an active account only. */
export function CloseAccountButton({ profile, session }: { profile: CustomerProfile; session: SessionInfo }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!session.permissions.includes('cases.work') || profile.accountStatus !== 'active') return null;
  return (
    <>
      <Button
        startIcon={<NoAccountsIcon />}
        onClick={() => setOpen(true)}
        sx={{ mb: 1, ml: 1 }}
        data-testid="open-closure"
      >
        {t('cases.closure.open')}
      </Button>
      <ClosureDialog profile={open ? profile : null} onClose={() => setOpen(false)} />
    </>
  );
}

/** Who an identity case is for, named in the UI language; `contactId` when opened from a contact just logged. */
export function identityTarget(profile: CustomerProfile, language: string, contactId?: number): IdentityTarget {
  return { customerId: profile.id, name: language === 'zh-CN' ? profile.nameZh : profile.nameEn, contactId };
}

/** The customer page's "Identity security" button and its dialog (the page holds the target, as a contact opens it too). */
export function IdentityCaseButton(props: {
  profile: CustomerProfile;
  session: SessionInfo;
  target: IdentityTarget | null;
  onTarget: (target: IdentityTarget | null) => void;
}) {
  const { t, i18n } = useTranslation();
  if (!props.session.permissions.includes('cases.work')) return null;
  return (
    <>
      <Button
        startIcon={<LockOpenIcon />}
        onClick={() => props.onTarget(identityTarget(props.profile, i18n.language))}
        sx={{ mb: 1, ml: 1 }}
        data-testid="open-identity"
      >
        {t('cases.identity.open')}
      </Button>
      <IdentityDialog target={props.target} onClose={() => props.onTarget(null)} />
    </>
  );
}
