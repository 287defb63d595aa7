import { useQuery } from '@tanstack/react-query';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { Alert, Button } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import AddIcCallIcon from '@mui/icons-material/AddIcCall';
import { LogContactDialog } from '../calls/LogContactDialog';
import type { SessionInfo } from '../../../../shared/contract/session';
import { navigate } from '../../lib/router';
import { CustomerProfile } from './CustomerProfile';
import { CustomerTabs } from './CustomerTabs';
import { customerQueries } from './queries';
import { ManualFreezeDialog, type FreezeTarget } from '../cases/ManualFreezeDialog';
import { ComplaintDialog, type ComplaintTarget } from '../cases/ComplaintDialog';
import {
  CloseAccountButton,
  FraudVictimWarning,
  IdentityCaseButton,
  identityTarget,
  ReportFraudButton,
} from '../cases/CustomerCaseButtons';
import type { IdentityTarget } from '../cases/IdentityDialog';
import { IdentityState } from '../cases/IdentityState';
import FeedbackIcon from '@mui/icons-material/Feedback';
import AcUnitIcon from '@mui/icons-material/AcUnit';

/** The customer page: profile, then every tab about them. */
export function CustomerView({ id, session }: { id: number; session: SessionInfo }) {
  const { t, i18n } = useTranslation();
  const profile = useQuery(customerQueries.profile(id));
  const [logging, setLogging] = useState(false);
  const [freezing, setFreezing] = useState<FreezeTarget | null>(null);
  const [complaining, setComplaining] = useState<ComplaintTarget | null>(null);
  const [securing, setSecuring] = useState<IdentityTarget | null>(null);
  const mayOpenCases = session.permissions.includes('cases.work');
  const mayFreeze = session.permissions.includes('frozen.work') && profile.data?.accountStatus !== 'closed';
  const freezeTarget = (contactId?: number) =>
    profile.data && setFreezing({ accountId: profile.data.accountId, accountNo: profile.data.accountNo, contactId });
  return (
    <>
      <Button startIcon={<ArrowBackIcon />} onClick={() => navigate('/customers')} sx={{ mb: 1 }}>
        {t('customer.profile.back')}
      </Button>
      {profile.error ? <Alert severity="error">{t(`errors.${profile.error.code}`)}</Alert> : null}
      {profile.data ? (
        <>
          <CustomerProfile profile={profile.data} />
          {session.permissions.includes('cases.read') ? <FraudVictimWarning customerId={profile.data.id} /> : null}
          {session.permissions.includes('contacts.log') ? (
            <Button
              startIcon={<AddIcCallIcon />}
              onClick={() => setLogging(true)}
              sx={{ mb: 1 }}
              data-testid="log-contact"
            >
              {t('customer.profile.logContact')}
            </Button>
          ) : null}
          {mayFreeze ? (
            <Button
              startIcon={<AcUnitIcon />}
              color="error"
              onClick={() => freezeTarget()}
              sx={{ mb: 1, ml: 1 }}
              data-testid="freeze-account"
            >
              {t('cases.freeze.open')}
            </Button>
          ) : null}
          {session.permissions.includes('cases.work') ? (
            <Button
              startIcon={<FeedbackIcon />}
              onClick={() =>
                setComplaining({
                  customerId: profile.data!.id,
                  accountId: profile.data!.accountId,
                  name: i18n.language === 'zh-CN' ? profile.data!.nameZh : profile.data!.nameEn,
                })
              }
              sx={{ mb: 1, ml: 1 }}
              data-testid="open-complaint"
            >
              {t('cases.complaint.open')}
            </Button>
          ) : null}
          <ReportFraudButton profile={profile.data} session={session} />
          <CloseAccountButton profile={profile.data} session={session} />
          <IdentityCaseButton profile={profile.data} session={session} target={securing} onTarget={setSecuring} />
          <ComplaintDialog target={complaining} onClose={() => setComplaining(null)} />
          <LogContactDialog
            open={logging}
            onClose={() => setLogging(false)}
            defaults={{ accountId: profile.data.accountId }}
            thenActions={[
              ...(mayFreeze
                ? [
                    {
                      label: t('cases.freeze.saveAndFreeze'),
                      testId: 'log-save-freeze',
                      run: (row: { id: number }) => freezeTarget(row.id),
                    },
                  ]
                : []),
              ...(mayOpenCases
                ? [
                    {
                      label: t('cases.identity.saveAndOpen'),
                      testId: 'log-save-identity',
                      run: (row: { id: number }) => setSecuring(identityTarget(profile.data!, i18n.language, row.id)),
                    },
                  ]
                : []),
            ]}
          />
          <ManualFreezeDialog target={freezing} onClose={() => setFreezing(null)} />
          {session.permissions.includes('customers.read') ? <IdentityState customerId={profile.data.id} /> : null}
          <CustomerTabs profile={profile.data} session={session} />
        </>
      ) : null}
    </>
  );
}
