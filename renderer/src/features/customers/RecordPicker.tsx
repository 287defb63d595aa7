import { Autocomplete, TextField } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit, SearchHitKind } from '../../../../shared/contract/customer360';
import { useDescribeHit, useSearchHits } from './search-hits';

/** A record picked by search: its internal id travels to main, the person sees its label. */
export interface PickedRecord {
  id: number;
  label: string;
}

/**
 * Picks an account or a case the way the app bar's search finds them (a phone or its last 4
 * digits, a name, an account or FC… number), never by typing an internal id. `idOf` says which
 * id of a hit is picked (a customer hit picks its account); hits without one are not offered.
 */
export function RecordPicker(props: {
  kinds: SearchHitKind[];
  idOf: (hit: SearchHit) => number | null;
  value: PickedRecord | null;
  onChange: (picked: PickedRecord | null, hit: SearchHit | null) => void;
  label: string;
  placeholder: string;
  testId: string;
  error?: string;
}) {
  const { t } = useTranslation();
  const describe = useDescribeHit();
  const [text, setText] = useState('');
  const { debounced, results, hits } = useSearchHits(text);
  const options = hits.filter((h) => props.kinds.includes(h.kind) && props.idOf(h) !== null);
  const labelOf = (h: SearchHit) => [h.title, describe(h)].filter(Boolean).join(' · ');
  return (
    <Autocomplete<SearchHit | PickedRecord>
      fullWidth
      forcePopupIcon={false}
      options={options}
      value={props.value}
      filterOptions={(o) => o}
      isOptionEqualToValue={(o, v) => ('kind' in o ? props.idOf(o) : o.id) === ('kind' in v ? props.idOf(v) : v.id)}
      getOptionLabel={(o) => ('kind' in o ? labelOf(o) : o.label)}
      inputValue={text}
      onInputChange={(_e, v, reason) => setText(reason === 'reset' ? '' : v)}
      onChange={(_e, o) => {
        if (!o) props.onChange(null, null);
        else if ('kind' in o) props.onChange({ id: props.idOf(o)!, label: labelOf(o) }, o);
      }}
      noOptionsText={
        !debounced
          ? props.placeholder
          : results.error
            ? t(`errors.${results.error.code}`)
            : results.isFetching
              ? t('app.loading')
              : t('customer.search.none')
      }
      renderOption={(liProps, o) =>
        'kind' in o ? (
          <li {...liProps} key={`${o.kind}-${o.recordId}`} data-testid={`${props.testId}-option`}>
            {labelOf(o)}
          </li>
        ) : null
      }
      renderInput={(params) => (
        <TextField
          {...params}
          label={props.label}
          placeholder={props.value ? undefined : props.placeholder}
          error={!!props.error}
          helperText={props.error}
          slotProps={{
            input: params.InputProps,
            htmlInput: { ...params.inputProps, 'data-testid': props.testId },
          }}
        />
      )}
    />
  );
}
