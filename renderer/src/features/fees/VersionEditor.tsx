import { useQuery } from '@tanstack/react-query';
import AddIcon from '@mui/icons-material/Add';
import { Alert, Button, Chip, Stack, Typography } from '@mui/material';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeeVersionDetail } from '../../../../shared/contract/fees';
import type { SessionInfo } from '../../../../shared/contract/session';
import { fieldsToIssues, validateRules, type FeeIssue } from '../../../../shared/domain/fee-validation';
import { EMPTY_DEFINITION } from '../../../../shared/domain/fees';
import { isoToLocalInput, localInputToIso } from '../../../../shared/domain/time';
import { type ApiError, useApiMutation } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { useToast } from '../../components/Toasts';
import { StatusChip } from './FeesPage';
import { RuleDialog } from './RuleDialog';
import { RulesGrid } from './RulesGrid';
import { fromRows, issueMessage, toRows, type RuleRow } from './rules';
import { ApproveDialog, RejectDialog } from './WorkflowDialogs';
import { feeQueries } from './queries';
import { WallClockField } from '../../components/WallClockField';

/** One version: its rules grid (editable while a draft) and the workflow step its status allows. */
export function VersionEditor({ versionId, session }: { versionId: number; session: SessionInfo }) {
  const version = useQuery(feeQueries.version(versionId));
  // Keyed by the loaded row's version: a save (or anyone's change) starts the editor from what main holds.
  return version.data ? <Editor key={version.data.version} version={version.data} session={session} /> : null;
}

function Editor({ version, session }: { version: FeeVersionDetail; session: SessionInfo }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const editable = version.status === 'draft' && session.permissions.includes('fees.edit');
  const [rows, setRows] = useState<RuleRow[]>(() => toRows(version.rules));
  const [from, setFrom] = useState(() => isoToLocalInput(version.effectiveFrom, fmt.timeZone));
  const [dirty, setDirty] = useState(false);
  const [serverIssues, setServerIssues] = useState<FeeIssue[]>([]);
  const [details, setDetails] = useState<RuleRow | null>(null);
  const [reviewing, setReviewing] = useState<'approve' | 'reject' | null>(null);
  const save = useApiMutation('fees:saveDraft');
  const submit = useApiMutation('fees:submit');

  const effectiveFrom = from ? localInputToIso(from, fmt.timeZone) : version.effectiveFrom;
  const rules = useMemo(() => fromRows(rows), [rows]);
  const localIssues = useMemo(
    () => (editable ? validateRules(rules, { from: effectiveFrom, to: version.effectiveTo }) : []),
    [editable, rules, effectiveFrom, version.effectiveTo],
  );
  const issues = localIssues.length ? localIssues : serverIssues;

  const change = useCallback((next: RuleRow[]) => {
    setRows(next);
    setDirty(true);
    setServerIssues([]);
  }, []);

  const fail = (e: ApiError) => {
    const fieldIssues = fieldsToIssues(e.fields);
    setServerIssues(fieldIssues);
    toast(fieldIssues.length ? issueMessage(t, rules, fieldIssues[0]) : t(`errors.${e.code}`), 'error');
  };

  const onSave = () => {
    // The same validator as main: a bad cell is shown and nothing is sent.
    if (localIssues.length) return toast(issueMessage(t, rules, localIssues[0]), 'error');
    save.mutate(
      { id: version.id, expectedVersion: version.version, effectiveFrom, effectiveTo: version.effectiveTo, rules },
      { onSuccess: () => toast(t('fees.saved')), onError: fail },
    );
  };
  const onSubmit = () =>
    submit.mutate(
      { id: version.id, expectedVersion: version.version },
      { onSuccess: () => toast(t('fees.submitted')), onError: fail },
    );

  const isAuthor = version.createdBy?.id === session.operatorId;
  const canReview = version.status === 'submitted' && session.permissions.includes('fees.approve') && !isAuthor;

  return (
    <>
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1, flexWrap: 'wrap', rowGap: 1 }}>
        <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
          {t('fees.versionNo', { no: version.versionNo })}
        </Typography>
        <StatusChip status={version.status} />
        {editable ? (
          <WallClockField
            kind="datetime"
            size="small"
            label={t('fees.effectiveFrom')}
            value={from}
            onChange={(v) => {
              setFrom(v);
              setDirty(true);
            }}
            testId="draft-effective-from"
          />
        ) : (
          <Typography variant="body2" color="text.secondary">
            {t('fees.effectiveFrom')}: {fmt.dateTime(version.effectiveFrom)}
          </Typography>
        )}
        {dirty ? <Chip size="small" color="warning" variant="outlined" label={t('fees.unsaved')} /> : null}
        <span style={{ flexGrow: 1 }} />
        {editable ? (
          <>
            <Button
              startIcon={<AddIcon />}
              onClick={() =>
                change([
                  ...rows,
                  ...toRows([
                    { operation: 'payment', channel: 'branch', segment: 'standard', definition: EMPTY_DEFINITION },
                  ]),
                ])
              }
            >
              {t('fees.addRule')}
            </Button>
            <Button variant="outlined" onClick={onSave} disabled={!dirty || save.isPending} data-testid="save-draft">
              {t('fees.save')}
            </Button>
            <Button
              variant="contained"
              onClick={onSubmit}
              disabled={dirty || submit.isPending}
              data-testid="submit-version"
            >
              {t('fees.submit')}
            </Button>
          </>
        ) : null}
        {canReview ? (
          <>
            <Button
              color="error"
              variant="outlined"
              onClick={() => setReviewing('reject')}
              data-testid="reject-version"
            >
              {t('fees.reject')}
            </Button>
            <Button variant="contained" onClick={() => setReviewing('approve')} data-testid="approve-version">
              {t('fees.approve')}
            </Button>
          </>
        ) : null}
      </Stack>
      {!editable && version.status !== 'draft' ? (
        <Alert severity="info" sx={{ mb: 1 }}>
          {t('fees.readOnly')}
        </Alert>
      ) : null}
      {issues.length ? (
        <Alert severity="error" sx={{ mb: 1 }} data-testid="rule-issues">
          {issueMessage(t, rules, issues[0])}
          {issues.length > 1 ? ` (+${issues.length - 1})` : ''}
        </Alert>
      ) : null}
      <RulesGrid rows={rows} issues={issues} editable={editable} onChange={change} onOpenDetails={setDetails} />
      {details ? (
        <RuleDialog
          row={details}
          editable={editable}
          onClose={() => setDetails(null)}
          onApply={(definition) => {
            change(rows.map((r) => (r.rowId === details.rowId ? { ...r, definition } : r)));
            setDetails(null);
          }}
        />
      ) : null}
      {reviewing === 'approve' ? <ApproveDialog version={version} onClose={() => setReviewing(null)} /> : null}
      {reviewing === 'reject' ? <RejectDialog version={version} onClose={() => setReviewing(null)} /> : null}
    </>
  );
}
