import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { IconButton, Tooltip } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { useToast } from './Toasts';

/**
 * Copies an identifier (case, refund, transaction or account number) for pasting into a ticket
 * or a chat. The window's permission handler allows clipboard writes and nothing else.
 */
export function CopyId({ value, testId }: { value: string; testId?: string }) {
  const { t } = useTranslation();
  const toast = useToast();
  const label = t('common.copyId', { id: value });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      toast(t('common.copied', { id: value }));
    } catch {
      toast(t('common.copyFailed'), 'error');
    }
  };
  return (
    <Tooltip title={label}>
      <IconButton size="small" aria-label={label} onClick={() => void copy()} data-testid={testId ?? 'copy-id'}>
        <ContentCopyIcon fontSize="inherit" />
      </IconButton>
    </Tooltip>
  );
}
