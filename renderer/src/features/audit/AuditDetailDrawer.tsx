import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { Box, Button, Divider, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../../../../shared/contract/audit';
import { SideDrawer } from '../../components/SideDrawer';
import { useAuditLabels } from './labels';
import { useFormat } from '../../lib/format';
import { navigate } from '../../lib/router';

/** Where an event's entity lives in the console, for "Open entity". */
const ENTITY_ROUTES: Record<string, (id: string) => [string, Record<string, string>]> = {
  operator: () => ['/settings', { tab: 'operators' }],
  approval_limit: () => ['/settings', { tab: 'limits' }],
  settings: () => ['/settings', {}],
  customer: (id) => ['/customers', { id }],
  freeze_case: (id) => ['/frozen', { id }],
  refund_request: (id) => ['/refunds', { id }],
  fee_version: (id) => ['/fees', { id }],
};

export function AuditDetailDrawer({ event, onClose }: { event: AuditEvent | null; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const label = useAuditLabels();
  const keys = event ? [...new Set([...Object.keys(event.before ?? {}), ...Object.keys(event.after ?? {})])] : [];
  const route = event?.entityId !== undefined && event ? ENTITY_ROUTES[event.entityType] : undefined;
  return (
    <SideDrawer open={!!event} onClose={onClose} width={480} title={event ? t('audit.detail', { id: event.id }) : ''}>
      {event ? (
        <Box data-testid="audit-detail">
          <Typography color="text.secondary" gutterBottom>
            {fmt.dateTime(event.at)} · {event.operatorName ?? t('common.none')}
            {event.operatorRole ? ` (${t(`catalog.role.${event.operatorRole}`)})` : ''} · {label.host(event.host)}
          </Typography>
          <Typography sx={{ my: 1, fontWeight: 600 }} data-testid="audit-detail-action">
            {label.action(event.action)}
          </Typography>
          <Typography>
            {t('audit.entity')}: {label.entity(event)}
          </Typography>
          {event.note ? (
            <Typography sx={{ mt: 1 }}>
              {t('audit.note')}: {event.note}
            </Typography>
          ) : null}
          <Divider sx={{ my: 2 }} />
          {keys.length ? (
            <Table size="small" aria-label={t('audit.detail', { id: event.id })}>
              <TableHead>
                <TableRow>
                  <TableCell>{t('audit.field')}</TableCell>
                  <TableCell>{t('audit.before')}</TableCell>
                  <TableCell>{t('audit.after')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {keys.map((k) => {
                  const before = label.value(event.entityType, k, event.before?.[k]);
                  const after = label.value(event.entityType, k, event.after?.[k]);
                  return (
                    <TableRow key={k} sx={before !== after ? { bgcolor: 'action.hover' } : undefined}>
                      <TableCell>{label.field(k)}</TableCell>
                      <TableCell sx={{ color: 'error.main', wordBreak: 'break-all' }}>{before}</TableCell>
                      <TableCell sx={{ color: 'success.main', wordBreak: 'break-all' }}>{after}</TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          ) : (
            <Typography color="text.secondary">{t('audit.noChanges')}</Typography>
          )}
          {route && event.entityId ? (
            <Button
              sx={{ mt: 2 }}
              startIcon={<OpenInNewIcon />}
              onClick={() => {
                const [path, params] = route(event.entityId!);
                onClose();
                navigate(path, params);
              }}
            >
              {t('audit.openEntity', { type: label.entityType(event.entityType) })}
            </Button>
          ) : null}
        </Box>
      ) : null}
    </SideDrawer>
  );
}
