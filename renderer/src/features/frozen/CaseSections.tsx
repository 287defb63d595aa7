import {
  Box,
  Grid,
  List,
  ListItem,
  ListItemText,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseTransaction, FreezeCaseDetail } from '../../../../shared/contract/frozen';
import { useFormat } from '../../lib/format';
import { MONEY_MOVEMENTS, movementVerdict } from '../../../../shared/domain/freeze';

export function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Box sx={{ mt: 2.5 }} data-testid={testId}>
      <Typography variant="subtitle1" gutterBottom sx={{ fontWeight: 600 }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

function Fact({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <Grid size={{ xs: 6, sm: 3 }}>
      <Typography variant="caption" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="body2" data-testid={testId}>
        {value}
      </Typography>
    </Grid>
  );
}

/** What the freezes on this account block, read from the same table main enforces (FREEZE_RULES). */
export function FreezeRuleFacts({ d }: { d: FreezeCaseDetail }) {
  const { t } = useTranslation();
  const reasons = [d.reason, ...d.account.otherLiveReasons];
  return (
    <Box sx={{ mt: 1 }} data-testid="freeze-rule">
      <Typography variant="caption" color="text.secondary">
        {t('frozen.rules.title', { reasons: reasons.map((r) => t(`catalog.freezeReason.${r}`)).join(', ') })}
      </Typography>
      <Typography variant="body2">
        {MONEY_MOVEMENTS.map((m) => (
          <Box component="span" key={m} sx={{ mr: 2, display: 'inline-block' }} data-testid={`freeze-rule-${m}`}>
            {t(`frozen.rules.movements.${m}`)}: {t(`frozen.rules.effects.${movementVerdict(reasons, m).effect}`)}
          </Box>
        ))}
      </Typography>
    </Box>
  );
}

export function AccountFacts({ d }: { d: FreezeCaseDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Grid container spacing={1}>
      <Fact label={t('frozen.account')} value={d.accountNo} />
      <Fact
        label={t('frozen.detail.accountStatus')}
        value={t(`catalog.accountStatus.${d.account.status}`)}
        testId="account-status"
      />
      <Fact label={t('frozen.detail.kyc')} value={d.account.kycLevel} />
      <Fact label={t('frozen.detail.registered')} value={fmt.date(d.account.registeredAt)} />
      <Fact
        label={t('frozen.detail.balance')}
        value={fmt.money(d.account.balanceMinor, d.account.currency)}
        testId="account-balance"
      />
      <Fact label={t('frozen.customer')} value={`${d.customerName} · ${d.phoneMasked}`} />
    </Grid>
  );
}

type T = ReturnType<typeof useTranslation>['t'];

/** "R-101 frequent transfers" → "R-101 频繁向新收款人转账": the rule id, then its name in the UI language. */
export function ruleLabel(t: T, rule: string): string {
  const id = rule.split(' ')[0];
  const name = t(`catalog.evidenceRule.${id}`, { defaultValue: '' });
  return name ? `${id} ${name}` : rule;
}

/** A figure's value in words where it is a code: yes/no, a contact channel, a customer field. */
function evidenceValue(t: T, key: string, v: string | number): string {
  if (v === 'yes' || v === 'no') return t(`common.${v}`);
  if (key === 'channel') return t(`catalog.contactChannel.${v}`, { defaultValue: String(v) });
  if (key === 'field') return t(`catalog.customerField.${v}`, { defaultValue: String(v) });
  return typeof v === 'number' ? v.toLocaleString() : v;
}

/** The rule's figures as a sentence where we know the rule, else as labelled values. */
export function EvidenceText({ d }: { d: FreezeCaseDetail }) {
  const { t } = useTranslation();
  const e = d.evidence;
  if (e.transfers !== undefined && e.newPayees !== undefined && e.windowMinutes !== undefined) {
    return (
      <Typography data-testid="evidence-figures">
        {t('frozen.evidence.frequent', { transfers: e.transfers, newPayees: e.newPayees, minutes: e.windowMinutes })}
      </Typography>
    );
  }
  return (
    <Typography data-testid="evidence-figures">
      {Object.entries(e)
        .map(([k, v]) => `${t(`frozen.evidence.figures.${k}`, { defaultValue: k })}: ${evidenceValue(t, k, v)}`)
        .join(' · ')}
    </Typography>
  );
}

export function TransactionsTable({ rows, testId }: { rows: CaseTransaction[]; testId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!rows.length) {
    return (
      <Typography variant="body2" color="text.secondary">
        {t('frozen.detail.none')}
      </Typography>
    );
  }
  return (
    <Table size="small" data-testid={testId}>
      <TableHead>
        <TableRow>
          <TableCell>{t('frozen.detail.txn.no')}</TableCell>
          <TableCell>{t('frozen.detail.txn.operation')}</TableCell>
          <TableCell align="right">{t('frozen.detail.txn.amount')}</TableCell>
          <TableCell>{t('frozen.detail.txn.counterparty')}</TableCell>
          <TableCell>{t('frozen.detail.txn.time')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.id}>
            <TableCell sx={{ fontFamily: 'monospace' }}>{r.txnNo}</TableCell>
            <TableCell>{t(`catalog.operation.${r.operation}`)}</TableCell>
            <TableCell align="right">{fmt.money(r.amountMinor, r.currency)}</TableCell>
            <TableCell>{r.counterparty ?? r.merchant ?? '—'}</TableCell>
            <TableCell>{fmt.dateTime(r.createdAt)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function HistoryLists({ d, onOpenCase }: { d: FreezeCaseDetail; onOpenCase: (id: number) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const none = (
    <Typography variant="body2" color="text.secondary">
      {t('frozen.detail.none')}
    </Typography>
  );
  return (
    <>
      <Section title={t('frozen.detail.earlier')} testId="earlier-cases">
        {d.earlierCases.length ? (
          <List dense disablePadding>
            {d.earlierCases.map((c) => (
              <ListItem key={c.id} disableGutters onClick={() => onOpenCase(c.id)} sx={{ cursor: 'pointer' }}>
                <ListItemText
                  primary={`${c.caseNo} · ${t(`catalog.freezeReason.${c.reason}`)} · ${t(`catalog.caseStatus.${c.status}`)}`}
                  secondary={fmt.dateTime(c.frozenAt)}
                />
              </ListItem>
            ))}
          </List>
        ) : (
          none
        )}
      </Section>
      <Section title={t('frozen.detail.contacts')} testId="case-contacts">
        {d.contacts.length ? (
          <List dense disablePadding>
            {d.contacts.map((k) => (
              <ListItem key={k.id} disableGutters>
                <ListItemText
                  primary={`${t(`catalog.contactChannel.${k.channel}`)} · ${t(`catalog.contactOutcome.${k.outcome}`)}${k.note ? ` · ${k.note}` : ''}`}
                  secondary={`${fmt.dateTime(k.startedAt)}${k.agentName ? ` · ${k.agentName}` : ''}`}
                />
              </ListItem>
            ))}
          </List>
        ) : (
          none
        )}
      </Section>
    </>
  );
}
