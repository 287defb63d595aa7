import {
  Alert,
  Button,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupInfo, BackupStatus } from '../../../../shared/contract/backups';
import type { SessionInfo } from '../../../../shared/contract/session';
import { useFeedback, useToast } from '../../components/Toasts';
import { ApiError, call, hostKind, useApiMutation } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { backupQueries } from './queries';
import { PendingRestore, RestoreRequestDialog } from './RestoreRequest';

/** Settings → Backups: where and how often, back up now, the list, and the four-eyes restore. */
export function BackupsPanel({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const status = useQuery(backupQueries.status());
  const [asking, setAsking] = useState<BackupInfo | null>(null);
  if (status.error?.code === 'NOT_SUPPORTED') {
    return (
      <Alert severity="info" data-testid="backups-not-supported">
        {t('backups.notSupported')}
      </Alert>
    );
  }
  const b = status.data;
  if (!b) return null;
  return (
    <Stack spacing={2} sx={{ maxWidth: 1100 }} data-testid="backups-panel">
      <BackupSettingsForm status={b} />
      {b.pendingRestore ? <PendingRestore request={b.pendingRestore} session={session} /> : null}
      <BackupList list={b.list} pending={!!b.pendingRestore} onRestore={setAsking} />
      {asking ? <RestoreRequestDialog backup={asking} onClose={() => setAsking(null)} /> : null}
    </Stack>
  );
}

/** The schedule's two numbers, bounded as the contract bounds them. */
const NUMBER_FIELDS = [
  { key: 'everyHours', max: 720, testId: 'backup-every' },
  { key: 'keep', max: 365, testId: 'backup-keep' },
] as const;

function BackupSettingsForm({ status }: { status: BackupStatus }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const feedback = useFeedback();
  const toast = useToast();
  const configure = useApiMutation('backups:configure');
  const run = useApiMutation('backups:run');
  const [form, setForm] = useState({ folder: '', everyHours: '24', keep: '7' });
  // Refilled only when the saved settings change, not at every poll: typing is not lost.
  const saved = JSON.stringify(status.settings);
  useEffect(() => {
    const s = JSON.parse(saved) as BackupStatus['settings'];
    setForm({ folder: s.folder, everyHours: String(s.everyHours), keep: String(s.keep) });
  }, [saved]);
  const busy = run.isPending || status.running;
  return (
    <Paper variant="outlined" sx={{ p: 3 }}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {t('backups.help')}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
        <TextField
          label={t('backups.folder')}
          value={form.folder}
          onChange={(e) => setForm({ ...form, folder: e.target.value })}
          sx={{ minWidth: 420 }}
          size="small"
          slotProps={{ htmlInput: { maxLength: 1000, 'data-testid': 'backup-folder' } }}
        />
        {hostKind() === 'electron' && (
          // The desktop's OS folder dialog fills the field; Save checks and keeps it as for a typed path.
          <Button
            variant="text"
            data-testid="backup-folder-pick"
            onClick={async () => {
              try {
                const picked = await call('backups:pickFolder', {});
                if (picked) setForm((f) => ({ ...f, folder: picked.folder }));
              } catch (err) {
                toast(err instanceof ApiError ? t(`errors.${err.code}`) : String(err), 'error');
              }
            }}
          >
            {t('backups.chooseFolder')}
          </Button>
        )}
        {NUMBER_FIELDS.map((f) => (
          <TextField
            key={f.key}
            label={t(`backups.${f.key}`)}
            type="number"
            value={form[f.key]}
            onChange={(e) => setForm({ ...form, [f.key]: e.target.value })}
            size="small"
            sx={{ width: 130 }}
            slotProps={{ htmlInput: { min: 1, max: f.max, 'data-testid': f.testId } }}
          />
        ))}
        <Button
          variant="outlined"
          disabled={configure.isPending}
          data-testid="backup-save"
          onClick={() =>
            configure.mutate(
              { folder: form.folder, everyHours: Number(form.everyHours), keep: Number(form.keep) },
              feedback(t('backups.saved')),
            )
          }
        >
          {t('backups.save')}
        </Button>
        <Button
          variant="contained"
          disabled={busy}
          data-testid="backup-run"
          onClick={() => run.mutate({}, feedback(t('backups.done')))}
        >
          {busy ? t('backups.running') : t('backups.runNow')}
        </Button>
      </Stack>
      <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 1 }}>
        {t('backups.nextDue', { time: fmt.dateTime(status.nextDueAt) })}
      </Typography>
      {status.lastError ? (
        <Alert severity="error" sx={{ mt: 1 }} data-testid="backup-last-error">
          {t('backups.lastError', { error: status.lastError })}
        </Alert>
      ) : null}
    </Paper>
  );
}

/** Sizes in KB or MB, in the UI language's digits. */
function useSize() {
  const fmt = useFormat();
  return (bytes: number) =>
    bytes >= 1_048_576
      ? `${fmt.number(Math.round(bytes / 104_857.6) / 10)} MB`
      : `${fmt.number(Math.ceil(bytes / 1024))} KB`;
}

function BackupList(props: { list: BackupInfo[]; pending: boolean; onRestore: (b: BackupInfo) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const size = useSize();
  if (props.list.length === 0) {
    return (
      <Typography color="text.secondary" data-testid="backup-none">
        {t('backups.none')}
      </Typography>
    );
  }
  return (
    <Paper variant="outlined">
      <Table size="small" data-testid="backup-list">
        <TableHead>
          <TableRow>
            <TableCell>{t('backups.when')}</TableCell>
            <TableCell>{t('backups.reasonCol')}</TableCell>
            <TableCell align="right">{t('backups.size')}</TableCell>
            <TableCell align="right">{t('backups.events')}</TableCell>
            <TableCell>{t('backups.verified')}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {props.list.map((b) => (
            <TableRow key={b.name} data-testid="backup-row" data-name={b.name}>
              <TableCell>{fmt.dateTime(b.createdAt)}</TableCell>
              <TableCell>{t(`catalog.backupReason.${b.reason}`)}</TableCell>
              <TableCell align="right">{size(b.bytes)}</TableCell>
              <TableCell align="right">{fmt.number(b.events)}</TableCell>
              <TableCell data-testid="backup-verified" data-ok={b.verified.ok ? 'yes' : 'no'}>
                {b.verified.ok ? t('backups.yes') : t('backups.no')}
              </TableCell>
              <TableCell align="right">
                <Button
                  size="small"
                  disabled={props.pending || !b.verified.ok}
                  onClick={() => props.onRestore(b)}
                  data-testid="backup-restore"
                >
                  {t('backups.restore')}
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}
