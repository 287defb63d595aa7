import { useQuery } from '@tanstack/react-query';
import { Checkbox, FormControlLabel, Stack, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { caseQueries } from './queries';

interface Option {
  id: number;
  label: string;
  testId: string;
}

function Picker(props: {
  options: Option[] | undefined;
  value: number[];
  onChange: (ids: number[]) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const toggle = (id: number, on: boolean) =>
    props.onChange(on ? [...props.value, id] : props.value.filter((x) => x !== id));
  return (
    <Stack sx={{ maxHeight: 160, overflowY: 'auto' }} data-testid={props.testId}>
      {props.options?.length === 0 ? <Typography color="text.secondary">{t('cases.detail.none')}</Typography> : null}
      {props.options?.map((o) => (
        <FormControlLabel
          key={o.id}
          label={o.label}
          control={
            <Checkbox
              size="small"
              checked={props.value.includes(o.id)}
              onChange={(e) => toggle(o.id, e.target.checked)}
              data-testid={o.testId}
            />
          }
        />
      ))}
    </Stack>
  );
}

/** The account's latest transactions, to tick as evidence or as what a complaint is about. */
export function TransactionPicker(props: {
  accountId: number;
  value: number[];
  onChange: (ids: number[]) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const recent = useQuery(caseQueries.latestTransactions(props.accountId));
  const options = recent.data?.rows.map((r) => ({
    id: r.id,
    testId: `pick-txn-${r.txnNo}`,
    label: `${r.txnNo} · ${fmt.dateTime(r.createdAt)} · ${t(`catalog.operation.${r.operation}`)} · ${fmt.money(r.amountMinor, r.currency)}`,
  }));
  return <Picker options={options} value={props.value} onChange={props.onChange} testId={props.testId} />;
}

/** The customer's latest contacts, to link to a case. */
export function ContactPicker(props: {
  customerId: number;
  value: number[];
  onChange: (ids: number[]) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const recent = useQuery(caseQueries.latestContacts(props.customerId));
  const options = recent.data?.rows.map((r) => ({
    id: r.id,
    testId: `pick-contact-${r.id}`,
    label: `${fmt.dateTime(r.startedAt)} · ${t(`catalog.contactChannel.${r.channel}`)} · ${t(`catalog.contactCategory.${r.category}`)}${r.note ? ` · ${r.note.slice(0, 40)}` : ''}`,
  }));
  return <Picker options={options} value={props.value} onChange={props.onChange} testId={props.testId} />;
}
