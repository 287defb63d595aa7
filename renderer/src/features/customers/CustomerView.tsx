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

/** The customer page: profile, then every tab about them. */
export function CustomerView({ id, session }: { id: number; session: SessionInfo }) {
  const { t } = useTranslation();
  const profile = useQuery(customerQueries.profile(id));
  const [logging, setLogging] = useState(false);
  return (
    <>
      <Button startIcon={<ArrowBackIcon />} onClick={() => navigate('/customers')} sx={{ mb: 1 }}>
        {t('customer.profile.back')}
      </Button>
      {profile.error ? <Alert severity="error">{t(`errors.${profile.error.code}`)}</Alert> : null}
      {profile.data ? (
        <>
          <CustomerProfile profile={profile.data} />
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
          <LogContactDialog
            open={logging}
            onClose={() => setLogging(false)}
            defaults={{ accountId: profile.data.accountId }}
          />
          <CustomerTabs profile={profile.data} session={session} />
        </>
      ) : null}
    </>
  );
}
