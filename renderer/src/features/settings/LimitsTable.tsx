import { useQuery } from '@tanstack/react-query';
import { Button, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApprovalLimit } from '../../../../shared/contract/operators';
import { minorToDecimal, parseMoney } from '../../../../shared/domain/money';
import { useApiMutation } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { useToast } from '../../components/Toasts';
import { settingsQueries } from './queries';

/** Approval limits are data an admin edits, each change with a reason and an audit event. */
export function LimitsTable() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const limits = useQuery(settingsQueries.limits());
  return (
    <Paper variant="outlined">
      <Table size="small" data-testid="limits-table">
        <TableHead>
          <TableRow>
            <TableCell>{t('settings.role')}</TableCell>
            <TableCell>{t('settings.limitKind')}</TableCell>
            <TableCell>{t('settings.maxAmount')}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {(limits.data ?? []).map((l) => (
            <LimitRow
              key={`${l.role}/${l.kind}/${l.currency}`}
              limit={l}
              current={fmt.money(l.maxMinor, l.currency)}
              label={t(`catalog.role.${l.role}`)}
            />
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}

function LimitRow({ limit, current, label }: { limit: ApprovalLimit; current: string; label: string }) {
  const { t } = useTranslation();
  const toast = useToast();
  const update = useApiMutation('limits:update');
  const [amount, setAmount] = useState(minorToDecimal(limit.maxMinor, limit.currency));
  const [note, setNote] = useState('');
  const parsed = parseMoney(amount, limit.currency);
  return (
    <TableRow data-testid={`limit-${limit.role}`}>
      <TableCell>{label}</TableCell>
      <TableCell>{t(`settings.kinds.${limit.kind}`)}</TableCell>
      <TableCell>{current}</TableCell>
      <TableCell>
        <Stack direction="row" spacing={1}>
          <TextField
            size="small"
            label={limit.currency}
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            error={parsed === null || parsed < 0}
            sx={{ width: 140 }}
          />
          <TextField
            size="small"
            label={t('settings.reason')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            sx={{ width: 220 }}
          />
          <Button
            disabled={parsed === null || parsed < 0 || !note.trim()}
            onClick={() =>
              update.mutate(
                { role: limit.role, kind: limit.kind, currency: limit.currency, maxMinor: parsed!, note },
                {
                  onSuccess: () => {
                    setNote('');
                    toast(t('settings.saved'));
                  },
                  onError: (e) => toast(t(`errors.${e.code}`), 'error'),
                },
              )
            }
          >
            {t('settings.save')}
          </Button>
        </Stack>
      </TableCell>
    </TableRow>
  );
}
