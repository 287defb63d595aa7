import CloseIcon from '@mui/icons-material/Close';
import PrintIcon from '@mui/icons-material/Print';
import { Box, Drawer, IconButton, Stack, Typography } from '@mui/material';
import { useCallback, useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyId } from './CopyId';

let opened = 0;

/**
 * An open drawer is a step in the history: Back closes it before it leaves the page. Closing it
 * from the drawer (×, Escape, the backdrop) steps back too, so no stale entry is left behind.
 */
export function useBackCloses(open: boolean, onClose: () => void): () => void {
  const mine = useRef(0);
  const latest = useRef(onClose);
  latest.current = onClose;
  useEffect(() => {
    if (!open) return;
    // Unique across reloads too: history.state survives a reload, and a counter restarting at 1
    // would match the entry below it, so Back (and ×) would find "still open" and never close.
    const id = performance.timeOrigin + ++opened;
    mine.current = id;
    history.pushState({ ...(history.state as object | null), drawer: id }, '');
    const onPop = () => {
      if ((history.state as { drawer?: number } | null)?.drawer !== id) latest.current();
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [open]);
  return useCallback(() => {
    if ((history.state as { drawer?: number } | null)?.drawer === mine.current) history.back();
    else latest.current();
  }, []);
}

/**
 * The console's side panel: above the app bar (so its title, actions and close are never covered),
 * with one header (title, actions, close) and Back-to-close.
 */
export function SideDrawer(props: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  /** The identifier the title names (case, refund…): a copy button sits beside it. */
  copyId?: string;
  actions?: ReactNode;
  width: number | string;
  testId?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const close = useBackCloses(props.open, props.onClose);
  return (
    <Drawer
      anchor="right"
      open={props.open}
      onClose={close}
      sx={{ zIndex: (theme) => theme.zIndex.modal }}
      slotProps={{ paper: { sx: { width: props.width, maxWidth: '100vw' } } }}
    >
      <Stack
        direction="row"
        alignItems="center"
        spacing={1}
        sx={{
          px: 3,
          py: 1.5,
          borderBottom: 1,
          borderColor: 'divider',
          position: 'sticky',
          top: 0,
          zIndex: 1,
          bgcolor: 'background.paper',
        }}
        data-testid="drawer-header"
      >
        <Typography variant="h6" component="h2" sx={{ flexGrow: 1, minWidth: 0 }} noWrap data-testid="drawer-title">
          {props.title}
        </Typography>
        {props.copyId ? <CopyId value={props.copyId} testId="drawer-copy-id" /> : null}
        {props.copyId ? (
          <IconButton onClick={() => window.print()} aria-label={t('common.print')} data-testid="drawer-print">
            <PrintIcon />
          </IconButton>
        ) : null}
        {props.actions}
        <IconButton onClick={close} aria-label={t('common.close')} data-testid="drawer-close">
          <CloseIcon />
        </IconButton>
      </Stack>
      <Box
        sx={{ p: 3, pt: 2, flexGrow: 1, display: 'flex', flexDirection: 'column', minHeight: 0 }}
        data-testid={props.testId}
      >
        {props.children}
      </Box>
    </Drawer>
  );
}
