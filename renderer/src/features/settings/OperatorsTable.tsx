import { useQuery } from '@tanstack/react-query';
import AddIcon from '@mui/icons-material/Add';
import {
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Tooltip,
} from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Operator } from '../../../../shared/contract/operators';
import type { SessionInfo } from '../../../../shared/contract/session';
import { ROLES, type Role } from '../../../../shared/domain/roles';
import { useApiMutation } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useFeedback, useToast } from '../../components/Toasts';
import { settingsQueries } from './queries';

export function OperatorsTable({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const operators = useQuery(settingsQueries.operators());
  const update = useApiMutation('operators:update');
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<Operator | null>(null);
  // A role change or a disable is confirmed first: who, from what, to what.
  const [changing, setChanging] = useState<{ op: Operator; role?: Role; disable?: true } | null>(null);
  const fail = (e: { code: string }) => toast(t(`errors.${e.code}`), 'error');

  return (
    <Paper variant="outlined">
      <Stack direction="row" sx={{ p: 1 }}>
        <Button startIcon={<AddIcon />} onClick={() => setCreating(true)} data-testid="create-operator">
          {t('settings.create')}
        </Button>
      </Stack>
      <Table size="small" data-testid="operators-table">
        <TableHead>
          <TableRow>
            <TableCell>{t('settings.username')}</TableCell>
            <TableCell>{t('settings.displayName')}</TableCell>
            <TableCell>{t('settings.role')}</TableCell>
            <TableCell>{t('settings.status')}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {(operators.data ?? []).map((op) => {
            const self = op.id === session.operatorId;
            return (
              <TableRow key={op.id} data-testid={`operator-${op.username}`}>
                <TableCell translate="no">{op.username}</TableCell>
                <TableCell>{op.displayName}</TableCell>
                <TableCell>
                  <TextField
                    select
                    size="small"
                    variant="standard"
                    value={op.role}
                    disabled={self}
                    onChange={(e) => setChanging({ op, role: e.target.value as Role })}
                    slotProps={{ htmlInput: { 'data-testid': `role-${op.username}` } }}
                  >
                    {ROLES.map((r) => (
                      <MenuItem key={r} value={r}>
                        {t(`catalog.role.${r}`)}
                      </MenuItem>
                    ))}
                  </TextField>
                </TableCell>
                <TableCell>
                  <Stack direction="row" spacing={1}>
                    <Chip
                      size="small"
                      color={op.disabled ? 'default' : 'success'}
                      label={op.disabled ? t('settings.disabled') : t('settings.enabled')}
                    />
                    {op.mustChangePassword ? (
                      <Chip size="small" color="warning" label={t('settings.mustChange')} />
                    ) : null}
                    {op.lockedUntil && op.lockedUntil > new Date().toISOString() ? (
                      <Chip
                        size="small"
                        color="error"
                        label={t('settings.lockedUntil', { time: fmt.dateTime(op.lockedUntil) })}
                      />
                    ) : null}
                  </Stack>
                </TableCell>
                <TableCell align="right">
                  <Tooltip title={self ? t('errors.CANNOT_MODIFY_SELF') : ''}>
                    <span>
                      <Button
                        size="small"
                        disabled={self}
                        data-testid={`toggle-${op.username}`}
                        onClick={() =>
                          op.disabled
                            ? update.mutate(
                                { id: op.id, expectedVersion: op.version, disabled: false },
                                { onError: fail },
                              )
                            : setChanging({ op, disable: true })
                        }
                      >
                        {op.disabled ? t('settings.enable') : t('settings.disable')}
                      </Button>
                    </span>
                  </Tooltip>
                  <Button size="small" onClick={() => setResetting(op)}>
                    {t('settings.resetPassword')}
                  </Button>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {changing ? (
        <ConfirmDialog
          open
          title={t(changing.disable ? 'settings.confirmDisable' : 'settings.confirmRole', {
            name: changing.op.displayName,
          })}
          facts={[
            { label: t('settings.operator'), value: `${changing.op.displayName} (${changing.op.username})` },
            { label: t('settings.currentRole'), value: t(`catalog.role.${changing.op.role}`) },
            ...(changing.role
              ? [{ label: t('settings.newRole'), value: t(`catalog.role.${changing.role}`), testId: 'confirm-role' }]
              : []),
            { label: t('settings.changedBy'), value: session.displayName },
          ]}
          warning={t(changing.disable ? 'settings.disableHelp' : 'settings.roleHelp')}
          confirmLabel={t(changing.disable ? 'settings.disable' : 'settings.changeRole')}
          color={changing.disable ? 'error' : 'primary'}
          busy={update.isPending}
          onClose={() => setChanging(null)}
          onConfirm={() =>
            update.mutate(
              {
                id: changing.op.id,
                expectedVersion: changing.op.version,
                ...(changing.disable ? { disabled: true } : { role: changing.role }),
              },
              { onError: fail, onSettled: () => setChanging(null) },
            )
          }
        />
      ) : null}
      {creating ? <CreateOperatorDialog onClose={() => setCreating(false)} /> : null}
      {resetting ? <ResetPasswordDialog operator={resetting} onClose={() => setResetting(null)} /> : null}
    </Paper>
  );
}

function CreateOperatorDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const create = useApiMutation('operators:create');
  const [form, setForm] = useState({ username: '', displayName: '', role: 'agent' as Role, initialPassword: '' });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs">
      <DialogTitle>{t('settings.create')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <TextField label={t('settings.username')} value={form.username} onChange={set('username')} required />
          <TextField
            label={t('settings.displayName')}
            value={form.displayName}
            onChange={set('displayName')}
            required
          />
          <TextField select label={t('settings.role')} value={form.role} onChange={set('role')}>
            {ROLES.map((r) => (
              <MenuItem key={r} value={r}>
                {t(`catalog.role.${r}`)}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            label={t('settings.initialPassword')}
            type="password"
            value={form.initialPassword}
            onChange={set('initialPassword')}
            helperText={t('settings.resetHelp')}
            required
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('settings.cancel')}</Button>
        <Button variant="contained" onClick={() => create.mutate(form, feedback(t('settings.saved'), onClose))}>
          {t('settings.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function ResetPasswordDialog({ operator, onClose }: { operator: Operator; onClose: () => void }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const reset = useApiMutation('operators:resetPassword');
  const [password, setPassword] = useState('');
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs">
      <DialogTitle>
        {t('settings.resetPassword')}: {operator.username}
      </DialogTitle>
      <DialogContent>
        <TextField
          sx={{ mt: 1 }}
          fullWidth
          label={t('settings.temporaryPassword')}
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          helperText={t('settings.resetHelp')}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('settings.cancel')}</Button>
        <Button
          variant="contained"
          onClick={() =>
            reset.mutate(
              { id: operator.id, expectedVersion: operator.version, temporaryPassword: password },
              feedback(t('settings.saved'), onClose),
            )
          }
        >
          {t('settings.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
