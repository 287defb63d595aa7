import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Chip,
  MenuItem,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
} from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeeVersionSummary } from '../../../../shared/contract/fees';
import type { RuleChange } from '../../../../shared/domain/fee-validation';
import type { FeeRuleDefinition } from '../../../../shared/domain/fees';
import { useFormat } from '../../lib/format';
import { percentText, ruleLabel } from './rules';
import { feeQueries } from './queries';

const CHANGE_COLOR = { added: 'success', removed: 'error', changed: 'warning' } as const;

/** Any two versions, rule by rule: added, removed, and the fields that changed. */
export function DiffPanel({ versions, selected }: { versions: FeeVersionSummary[]; selected: FeeVersionSummary }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [fromId, setFromId] = useState(
    selected.basedOnId ?? versions.find((v) => v.id !== selected.id)?.id ?? selected.id,
  );
  const [toId, setToId] = useState(selected.id);
  const diff = useQuery(feeQueries.diff(fromId, toId));

  const value = (field: RuleChange['fields'][number]['field'], v: unknown): string => {
    if (v === null || v === undefined) return '—';
    if (field === 'ratePpm') return percentText(v as number);
    if (typeof v === 'number') return fmt.money(v, 'CNY');
    if (field === 'freeQuota') {
      const q = v as NonNullable<FeeRuleDefinition['freeQuota']>;
      return q.kind === 'count'
        ? t('fees.quotaCount', { count: q.count })
        : t('fees.quotaAmount', { amount: fmt.money(q.amountMinor, 'CNY') });
    }
    if (field === 'tiers') return t('fees.tierCount', { count: (v as unknown[]).length });
    if (field === 'waivers') return t('fees.waiverCount', { count: (v as unknown[]).length });
    return JSON.stringify(v);
  };
  const picker = (label: string, id: number, set: (n: number) => void, testId: string) => (
    <TextField
      select
      size="small"
      label={label}
      value={id}
      onChange={(e) => set(Number(e.target.value))}
      sx={{ minWidth: 220 }}
      data-testid={testId}
    >
      {versions.map((v) => (
        <MenuItem key={v.id} value={v.id}>
          {t('fees.versionNo', { no: v.versionNo })} · {t(`catalog.feeVersionStatus.${v.status}`)}
        </MenuItem>
      ))}
    </TextField>
  );

  return (
    <>
      <Stack direction="row" spacing={1} sx={{ mb: 2 }}>
        {picker(t('fees.diff.from'), fromId, setFromId, 'diff-from')}
        {picker(t('fees.diff.to'), toId, setToId, 'diff-to')}
      </Stack>
      {diff.data && diff.data.length === 0 ? <Alert severity="info">{t('fees.diff.noChanges')}</Alert> : null}
      {diff.data?.length ? (
        <Paper variant="outlined">
          <Table size="small" data-testid="fee-diff">
            <TableHead>
              <TableRow>
                <TableCell>{t('fees.diff.rule')}</TableCell>
                <TableCell>{t('fees.diff.change')}</TableCell>
                <TableCell>{t('fees.diff.details')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {diff.data.map((c) => (
                <TableRow key={c.key} data-testid={`diff-${c.key}`}>
                  <TableCell>{ruleLabel(t, c)}</TableCell>
                  <TableCell>
                    <Chip size="small" color={CHANGE_COLOR[c.change]} label={t(`fees.diff.${c.change}`)} />
                  </TableCell>
                  <TableCell>
                    {c.fields.map((f) => (
                      <div key={f.field}>
                        {t(`fees.fields.${f.field}`)}: {value(f.field, f.before)} → {value(f.field, f.after)}
                      </div>
                    ))}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      ) : null}
    </>
  );
}
