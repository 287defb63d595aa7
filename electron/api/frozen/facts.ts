import { sql, type Expression, type RawBuilder } from 'kysely';
import { AppError } from '../../../shared/contract/errors';
import type { FreezeCaseStatus, FreezeReason, RiskLevel } from '../../../shared/domain/catalog';
import { LIVE_CASE_STATUSES, type FreezeDecision } from '../../../shared/domain/freeze';
import type { CaseBlocker, CaseFacts, CaseViewer } from '../../../shared/domain/freeze-actions';
import { can } from '../../../shared/domain/roles';
import type { AuthedContext } from '../core/context';

const LIVE = sql.join(LIVE_CASE_STATUSES.map((s) => sql.lit(s)));

/** The bank card a payout goes to: the latest card the customer paid with. Correlated on an account id column. */
export function verifiedCardOf(accountId: Expression<number>): RawBuilder<string | null> {
  return sql<string | null>`(SELECT substr(t.payment_method, 11) FROM transactions t
    WHERE t.account_id = ${accountId} AND t.payment_method LIKE 'bank_card:%'
    ORDER BY t.created_at DESC LIMIT 1)`;
}

/** Reasons of the cases holding an account frozen, comma-separated (or null); on freeze_cases_by_account. */
export function liveReasonsOf(
  accountId: Expression<number>,
  exceptCase?: Expression<number>,
): RawBuilder<string | null> {
  const except = exceptCase ? sql` AND o.id <> ${exceptCase}` : sql``;
  return sql<string | null>`(SELECT string_agg(o.reason, ',') FROM freeze_cases o
    WHERE o.account_id = ${accountId} AND o.status IN (${LIVE})${except})`;
}

/** Reasons of the other cases holding the same account frozen. */
export function otherLiveReasonsOf(
  caseId: Expression<number>,
  accountId: Expression<number>,
): RawBuilder<string | null> {
  return liveReasonsOf(accountId, caseId);
}

/** The identity checks passed on a case, comma-separated (or null); string_agg reads alike on SQLite and PostgreSQL. */
export function checksOf(caseId: Expression<number>): RawBuilder<string | null> {
  return sql<
    string | null
  >`(SELECT string_agg(ic.check_kind, ',') FROM identity_checks ic WHERE ic.case_id = ${caseId})`;
}

export const splitList = <T extends string>(list: string | null): T[] => (list ? (list.split(',') as T[]) : []);

/** The facts the rules read, from a case row carrying the three lists above. */
export function factsOf(c: {
  reason: string;
  risk: string;
  status: string;
  owner_id: number | null;
  maker_id: number | null;
  decision: string | null;
  balance_minor: number;
  verified_card: string | null;
  checks: string | null;
  other_live_reasons: string | null;
}): CaseFacts {
  return {
    reason: c.reason as FreezeReason,
    risk: c.risk as RiskLevel,
    status: c.status as FreezeCaseStatus,
    ownerId: c.owner_id,
    makerId: c.maker_id,
    decision: c.decision as FreezeDecision | null,
    balanceMinor: c.balance_minor,
    hasVerifiedCard: c.verified_card !== null,
    checks: splitList(c.checks),
    otherLiveReasons: splitList(c.other_live_reasons),
  };
}

export function viewerOf(ctx: AuthedContext): CaseViewer {
  const s = ctx.session;
  return { operatorId: s.operatorId, mayWork: can(s.role, 'frozen.work'), mayApprove: can(s.role, 'frozen.approve') };
}

const MESSAGES: Record<CaseBlocker, string> = {
  FORBIDDEN: 'Your role may not do this on this case',
  CASE_NOT_DECIDABLE: 'The case is not in a state that allows this',
  CASE_OWNED_BY_OTHER: 'Another operator owns this case',
  JUDICIAL_FREEZE: 'A judicial freeze blocks this: no money leaves the account and it is not lifted or closed here',
  FREEZE_BLOCKS_PAYOUT: 'This freeze type does not allow a staff payout',
  IDENTITY_CHECKS_INCOMPLETE: 'The identity checks are not complete',
  BALANCE_NOT_ZERO: 'Pay the balance out first',
  NO_VERIFIED_CARD: 'No verified bank card',
  MAKER_CANNOT_APPROVE: 'The maker cannot approve or reject their own decision',
};

/** Throws the refusal when a rule says no. */
export function refuseIf(blocker: CaseBlocker | null): void {
  if (blocker) throw new AppError(blocker, MESSAGES[blocker]);
}
