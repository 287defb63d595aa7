import { Autocomplete, MenuItem, TextField } from '@mui/material';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '../../../../shared/domain/catalog';
import { useAuditLabels } from './labels';

interface Option {
  /** What the filter sends: a whole action, or a group's prefix ('refund.') that matches every action it starts. */
  value: string;
  label: string;
  group: string;
}

/**
 * The audit log's action filter, picked from translated lists: each domain's group (a prefix match)
 * and then its actions. Typing still works: text that is an option's label picks that option; any
 * other text is sent as it is, so a code or a prefix typed by hand ('refund.') filters too.
 */
export function ActionFilter({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  const label = useAuditLabels();
  const options = useMemo<Option[]>(() => {
    const groups = [...new Set(AUDIT_ACTIONS.map((a) => a.slice(0, a.indexOf('.'))))];
    return groups.flatMap((g) => {
      const group = t(`catalog.auditGroup.${g}`, { defaultValue: g });
      return [
        { value: `${g}.`, label: t('audit.everyInGroup', { group }), group },
        ...AUDIT_ACTIONS.filter((a) => a.startsWith(`${g}.`)).map((a) => ({ value: a, label: label.action(a), group })),
      ];
    });
  }, [t, label]);
  const byValue = new Map(options.map((o) => [o.value, o]));
  const byLabel = new Map(options.map((o) => [o.label, o]));
  const shown = byValue.get(value)?.label ?? value;
  return (
    <Autocomplete
      freeSolo
      size="small"
      options={options}
      groupBy={(o) => o.group}
      getOptionLabel={(o) => (typeof o === 'string' ? o : o.label)}
      value={byValue.get(value) ?? (value || null)}
      inputValue={shown}
      onInputChange={(_e, text, reason) => {
        if (reason === 'reset' && !text) return;
        onChange(byLabel.get(text)?.value ?? text.trim());
      }}
      onChange={(_e, v) => onChange(v === null ? '' : typeof v === 'string' ? v.trim() : v.value)}
      sx={{ width: 280 }}
      data-testid="filter-action"
      renderInput={(params) => <TextField {...params} label={t('audit.action')} />}
    />
  );
}

/** The entity type, picked from the translated list. */
export function EntityTypeFilter({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  const label = useAuditLabels();
  return (
    <TextField
      select
      size="small"
      label={t('audit.entityType')}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      sx={{ width: 170 }}
      data-testid="filter-entity-type"
    >
      <MenuItem value="">{t('audit.anyEntityType')}</MenuItem>
      {AUDIT_ENTITY_TYPES.map((type) => (
        <MenuItem key={type} value={type}>
          {label.entityType(type)}
        </MenuItem>
      ))}
    </TextField>
  );
}
