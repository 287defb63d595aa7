import SearchIcon from '@mui/icons-material/Search';
import { Autocomplete, InputAdornment, TextField } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../shared/contract/customer360';
import { openHit, useDescribeHit, useSearchHits } from '../features/customers/search-hits';

/**
 * The app bar's search box; `/` puts the cursor in it (Ctrl/Cmd+K opens the command palette,
 * which falls through to this same search). Enter opens the best match.
 */
export function GlobalSearch() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const { debounced, results, hits } = useSearchHits(text);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && e.target.closest('input, textarea, [contenteditable="true"]');
      if (
        e.key === '/' &&
        !typing &&
        !e.ctrlKey &&
        !e.metaKey &&
        !e.altKey &&
        !document.querySelector('[role="dialog"]')
      ) {
        e.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const describe = useDescribeHit();
  return (
    <Autocomplete<SearchHit, false, false, true>
      freeSolo
      size="small"
      sx={{ width: 380, bgcolor: 'background.paper', borderRadius: 1 }}
      options={hits}
      filterOptions={(o) => o}
      groupBy={(h) => t(`customer.search.kinds.${h.kind}`)}
      getOptionLabel={(h) => (typeof h === 'string' ? h : `${h.title} ${describe(h)}`)}
      inputValue={text}
      onInputChange={(_e, v) => setText(v)}
      noOptionsText={debounced && results.error ? t(`errors.${results.error.code}`) : t('customer.search.none')}
      onChange={(_e, value) => {
        const hit = typeof value === 'string' ? hits[0] : value;
        if (hit) {
          openHit(hit);
          setText('');
          input.current?.blur();
        }
      }}
      renderOption={(props, h) => (
        <li {...props} key={`${h.kind}-${h.recordId}`} data-testid="search-hit">
          <span>
            <strong>{h.title}</strong>
            <br />
            <small>{describe(h)}</small>
          </span>
        </li>
      )}
      renderInput={(params) => (
        <TextField
          {...params}
          inputRef={input}
          placeholder={t('customer.search.placeholder')}
          slotProps={{
            input: {
              ...params.InputProps,
              startAdornment: (
                <InputAdornment position="start">
                  <SearchIcon fontSize="small" />
                </InputAdornment>
              ),
            },
            htmlInput: {
              ...params.inputProps,
              'data-testid': 'global-search',
              'aria-label': t('customer.search.placeholder'),
            },
          }}
        />
      )}
    />
  );
}
