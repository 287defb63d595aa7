import { Alert, List, ListItem, ListItemText, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { Section } from '../frozen/CaseSections';
import { caseQueries } from './queries';

/** The customer's sign-in state and devices, as identity cases read and change them. */
export function IdentityState({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const state = useQuery(caseQueries.identityState(customerId));
  const s = state.data;
  if (!s) return null;
  return (
    <Section title={t('cases.identity.login.title')} testId="identity-state">
      {s.loginLockedAt ? (
        <Alert severity="warning" data-testid="identity-locked">
          {t('cases.identity.login.locked', {
            time: fmt.dateTime(s.loginLockedAt),
            reason: t(`cases.identity.lockReasons.${s.loginLockReason ?? 'failed_attempts'}`),
          })}
        </Alert>
      ) : (
        <Typography variant="body2" data-testid="identity-not-locked">
          {t('cases.identity.login.notLocked')}
        </Typography>
      )}
      {s.resetVerifiedAt ? (
        <Typography variant="body2">
          {t('cases.identity.login.resetVerified', { time: fmt.dateTime(s.resetVerifiedAt) })}
        </Typography>
      ) : null}
      {s.devices.length ? (
        <List dense data-testid="identity-devices">
          {s.devices.map((d) => (
            <ListItem key={d.id} disableGutters data-testid={`identity-device-row-${d.id}`}>
              <ListItemText
                primary={`${d.label} · ${t(d.trusted ? 'cases.identity.login.trusted' : 'cases.identity.login.untrusted')}`}
                secondary={
                  d.unboundAt
                    ? t('cases.identity.login.unbound', { time: fmt.dateTime(d.unboundAt) })
                    : t('cases.identity.login.boundAt', { time: fmt.dateTime(d.boundAt) })
                }
              />
            </ListItem>
          ))}
        </List>
      ) : (
        <Typography variant="body2" color="text.secondary">
          {t('cases.identity.login.none')}
        </Typography>
      )}
    </Section>
  );
}
