import { useQuery } from '@tanstack/react-query';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import {
  Alert,
  Button,
  Chip,
  Paper,
  Stack,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tabs,
} from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { FeeVersionSummary } from '../../../../shared/contract/fees';
import type { SessionInfo } from '../../../../shared/contract/session';
import type { FeeVersionStatus } from '../../../../shared/domain/catalog';
import { useApiMutation } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { replaceParams, useRoute } from '../../lib/router';
import { PageHeader } from '../../components/PageHeader';
import { useToast } from '../../components/Toasts';
import { DiffPanel } from './DiffPanel';
import { ImpactPanel } from './ImpactPanel';
import { PreviewPanel } from './PreviewPanel';
import { VersionEditor } from './VersionEditor';
import { feeQueries } from './queries';

const TABS = ['rules', 'preview', 'impact', 'diff'] as const;
type TabKey = (typeof TABS)[number];

const STATUS_COLOR: Record<FeeVersionStatus, 'default' | 'info' | 'warning' | 'success' | 'secondary'> = {
  draft: 'default',
  submitted: 'warning',
  approved: 'info',
  scheduled: 'info',
  active: 'success',
  superseded: 'secondary',
};

export function StatusChip({ status }: { status: FeeVersionStatus }) {
  const { t } = useTranslation();
  return (
    <Chip
      size="small"
      color={STATUS_COLOR[status]}
      label={t(`catalog.feeVersionStatus.${status}`)}
      data-status={status}
    />
  );
}

/** Fee schedules: versions, the selected version's rules, preview, impact and diff. */
export function FeesPage({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const route = useRoute();
  const schedules = useQuery(feeQueries.schedules());
  const schedule = schedules.data?.[0] ?? null;
  const versions = useQuery(feeQueries.versions(schedule?.id ?? null));
  const createDraft = useApiMutation('fees:createDraft');
  const canEdit = session.permissions.includes('fees.edit');

  const list = versions.data ?? [];
  const selectedId = Number(route.params.get('version')) || schedule?.activeVersionId || list[0]?.id || null;
  const selected = list.find((v) => v.id === selectedId) ?? null;
  const tab: TabKey = (TABS as readonly string[]).includes(route.params.get('tab') ?? '')
    ? (route.params.get('tab') as TabKey)
    : 'rules';
  const go = (params: { version?: number; tab?: TabKey }) =>
    replaceParams({ version: params.version ?? selectedId, tab: params.tab ?? tab });

  const newDraft = (from: FeeVersionSummary) =>
    createDraft.mutate(
      { fromVersionId: from.id },
      {
        onSuccess: (d) => {
          toast(t('fees.drafted', { no: d.versionNo }));
          go({ version: d.id, tab: 'rules' });
        },
        onError: (e) => toast(t(`errors.${e.code}`), 'error'),
      },
    );

  return (
    <>
      <PageHeader title={t('fees.title')}>
        {schedule ? <Chip label={`${t('fees.schedule')}: ${schedule.name}`} variant="outlined" /> : null}
      </PageHeader>
      <Paper variant="outlined" sx={{ mb: 2, maxHeight: 260, overflow: 'auto' }}>
        <Table size="small" stickyHeader data-testid="fee-versions">
          <TableHead>
            <TableRow>
              <TableCell>{t('fees.version')}</TableCell>
              <TableCell>{t('fees.status')}</TableCell>
              <TableCell>{t('fees.effectiveFrom')}</TableCell>
              <TableCell>{t('fees.effectiveTo')}</TableCell>
              <TableCell>{t('fees.author')}</TableCell>
              <TableCell>{t('fees.approver')}</TableCell>
              <TableCell align="right">{t('fees.rules')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {list.map((v) => (
              <TableRow
                key={v.id}
                hover
                selected={v.id === selectedId}
                onClick={() => go({ version: v.id })}
                sx={{ cursor: 'pointer' }}
                data-testid={`fee-version-${v.versionNo}`}
              >
                <TableCell>{t('fees.versionNo', { no: v.versionNo })}</TableCell>
                <TableCell>
                  <StatusChip status={v.status} />
                </TableCell>
                <TableCell>{fmt.dateTime(v.effectiveFrom)}</TableCell>
                <TableCell>{fmt.dateTime(v.effectiveTo)}</TableCell>
                <TableCell>{v.createdBy?.displayName ?? '—'}</TableCell>
                <TableCell>{v.approvedBy?.displayName ?? '—'}</TableCell>
                <TableCell align="right">{v.ruleCount}</TableCell>
                <TableCell align="right">
                  {canEdit ? (
                    <Button
                      size="small"
                      startIcon={<ContentCopyIcon />}
                      onClick={(e) => {
                        e.stopPropagation();
                        newDraft(v);
                      }}
                      data-testid={`new-draft-${v.versionNo}`}
                    >
                      {t('fees.newDraft')}
                    </Button>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Paper>
      {selected?.reviewNote ? (
        <Alert severity={selected.status === 'draft' ? 'warning' : 'info'} sx={{ mb: 1 }} data-testid="review-note">
          {t('fees.reviewNote', { note: selected.reviewNote })}
        </Alert>
      ) : null}
      {selected && schedule ? (
        <>
          <Stack direction="row" alignItems="center" sx={{ mb: 1 }}>
            <Tabs value={tab} onChange={(_e, v: TabKey) => go({ tab: v })} sx={{ flexGrow: 1 }}>
              {TABS.map((k) => (
                <Tab key={k} value={k} label={t(`fees.tabs.${k}`)} data-testid={`fees-tab-${k}`} />
              ))}
            </Tabs>
          </Stack>
          {tab === 'rules' ? (
            <VersionEditor key={selected.id} versionId={selected.id} session={session} />
          ) : tab === 'preview' ? (
            <PreviewPanel schedule={schedule} version={selected} />
          ) : tab === 'impact' ? (
            <ImpactPanel version={selected} activeVersion={list.find((v) => v.status === 'active') ?? null} />
          ) : (
            <DiffPanel versions={list} selected={selected} />
          )}
        </>
      ) : null}
    </>
  );
}
