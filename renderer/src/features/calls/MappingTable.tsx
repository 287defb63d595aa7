import { Box, MenuItem, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import {
  IMPORT_FIELDS,
  REQUIRED_IMPORT_FIELDS,
  type ImportMapping,
  type ImportPreview,
} from '../../../../shared/contract/contact-imports';

/** One column picker per contact field, beside the first rows of the file. */
export function MappingTable(props: {
  preview: ImportPreview;
  mapping: ImportMapping;
  onChange: (m: ImportMapping) => void;
}) {
  const { t } = useTranslation();
  const { preview, mapping } = props;
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: '340px 1fr', gap: 2, minHeight: 0 }}>
      <Box data-testid="import-mapping">
        {IMPORT_FIELDS.map((f) => (
          <TextField
            key={f}
            select
            size="small"
            fullWidth
            sx={{ mb: 1 }}
            label={`${t(`calls.import.fields.${f}`)}${REQUIRED_IMPORT_FIELDS.includes(f) ? ` (${t('calls.import.required')})` : ''}`}
            value={mapping[f] === null ? '' : String(mapping[f])}
            error={REQUIRED_IMPORT_FIELDS.includes(f) && mapping[f] === null}
            onChange={(e) => props.onChange({ ...mapping, [f]: e.target.value === '' ? null : Number(e.target.value) })}
            data-testid={`map-${f}`}
          >
            <MenuItem value="">{t('calls.import.notMapped')}</MenuItem>
            {preview.headers.map((h, i) => (
              <MenuItem key={i} value={String(i)}>
                {h || `#${i + 1}`}
              </MenuItem>
            ))}
          </TextField>
        ))}
      </Box>
      <Box sx={{ overflow: 'auto', maxHeight: 560 }}>
        <Typography variant="subtitle2" gutterBottom>
          {t('calls.import.preview', { file: preview.fileName })}
        </Typography>
        <Table size="small" data-testid="import-preview">
          <TableHead>
            <TableRow>
              {preview.headers.map((h, i) => (
                <TableCell key={i} sx={{ whiteSpace: 'nowrap', fontWeight: 600 }}>
                  {h}
                  <Typography variant="caption" color="primary" component="div">
                    {IMPORT_FIELDS.filter((f) => mapping[f] === i)
                      .map((f) => t(`calls.import.fields.${f}`))
                      .join(', ')}
                  </Typography>
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {preview.rows.map((r, i) => (
              <TableRow key={i}>
                {preview.headers.map((_h, j) => (
                  <TableCell
                    key={j}
                    sx={{ whiteSpace: 'nowrap', maxWidth: 220, overflow: 'hidden', textOverflow: 'ellipsis' }}
                  >
                    {r[j] ?? ''}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    </Box>
  );
}
