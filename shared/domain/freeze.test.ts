import { describe, expect, it } from 'vitest';
import { FREEZE_REASONS } from './catalog';
import { FREEZE_RULES, MONEY_MOVEMENTS, movementVerdict, reasonsWhere, refundBlocker, refundVerdict } from './freeze';
import { caseActions, type CaseFacts } from './freeze-actions';

const facts = (o: Partial<CaseFacts> = {}): CaseFacts => ({
  reason: 'frequent_transfers',
  risk: 'low',
  status: 'in_review',
  ownerId: 1,
  makerId: null,
  decision: null,
  balanceMinor: 1_000,
  hasVerifiedCard: true,
  checks: ['phone', 'id_tail', 'face'],
  otherLiveReasons: [],
  ...o,
});
const agent = { operatorId: 1, mayWork: true, mayApprove: false };
const supervisor = { operatorId: 2, mayWork: true, mayApprove: true };

describe('FREEZE_RULES, the table of what each freeze type blocks', () => {
  it('states every movement for every freeze type', () => {
    expect(Object.keys(FREEZE_RULES).sort()).toEqual([...FREEZE_REASONS].sort());
    for (const r of FREEZE_REASONS)
      expect(Object.keys(FREEZE_RULES[r].effects).sort()).toEqual([...MONEY_MOVEMENTS].sort());
  });

  it('a judicial freeze blocks every way money leaves, and closure; only the authority lifts it', () => {
    const judicial = FREEZE_RULES.judicial;
    for (const m of ['refundToOrigin', 'debit', 'closurePayout', 'closure'] as const)
      expect(judicial.effects[m]).toBe('blocked');
    expect(judicial.effects.credit).toBe('acknowledge');
    expect(judicial.liftedBy).toBe('authority');
  });

  it('every freeze blocks debits; only risk-rule freezes allow a staff payout, with four-eyes', () => {
    expect(reasonsWhere('debit', 'blocked').sort()).toEqual([...FREEZE_REASONS].sort());
    expect(reasonsWhere('closurePayout', 'four_eyes').sort()).toEqual(
      ['frequent_transfers', 'inaccurate_info', 'rule_violation'].sort(),
    );
  });

  it('the strictest of several live freezes wins', () => {
    expect(movementVerdict(['frequent_transfers', 'judicial'], 'closurePayout')).toEqual({
      effect: 'blocked',
      because: ['judicial'],
    });
    expect(movementVerdict([], 'debit')).toEqual({ effect: 'allowed', because: [] });
    expect(movementVerdict([], 'debit', true).effect).toBe('acknowledge');
  });

  it('a refund is a credit to the wallet or a refund to the paying card, refused or acknowledged per the table', () => {
    const card = refundVerdict(['judicial'], true, 'bank_card:6222****1234');
    expect(card).toEqual({ movement: 'refundToOrigin', effect: 'blocked', because: ['judicial'] });
    expect(refundBlocker(card, true)).toBe('JUDICIAL_FREEZE');
    const wallet = refundVerdict(['judicial'], true, 'balance');
    expect(refundBlocker(wallet, false)).toBe('FREEZE_WARNING_NOT_ACKNOWLEDGED');
    expect(refundBlocker(wallet, true)).toBeNull();
    expect(refundBlocker(refundVerdict([], false, 'balance'), false)).toBeNull();
  });
});

describe('caseActions, what the drawer offers', () => {
  it('offers no unfreeze, payout or closure on a judicial case', () => {
    const a = caseActions(facts({ reason: 'judicial' }), agent);
    expect([a.unfreeze, a.payout, a.close]).toEqual(['JUDICIAL_FREEZE', 'JUDICIAL_FREEZE', 'JUDICIAL_FREEZE']);
    expect(a.escalate).toBeNull();
  });

  it('refuses a payout on an account another live judicial case holds', () => {
    expect(caseActions(facts({ otherLiveReasons: ['judicial'] }), agent).payout).toBe('JUDICIAL_FREEZE');
  });

  it('offers Approve to a supervisor who is not the maker, only', () => {
    const pending = facts({ status: 'awaiting_second_approval', decision: 'payout', makerId: 2 });
    expect(caseActions(pending, supervisor).approve).toBe('MAKER_CANNOT_APPROVE');
    expect(caseActions(pending, agent).approve).toBe('FORBIDDEN');
    expect(caseActions(pending, { ...supervisor, operatorId: 3 }).approve).toBeNull();
  });

  it('re-checks the outcome at approval: a payout whose checks were unticked is not approvable', () => {
    const pending = facts({ status: 'awaiting_second_approval', decision: 'payout', makerId: 1, checks: ['phone'] });
    expect(caseActions(pending, supervisor).approve).toBe('IDENTITY_CHECKS_INCOMPLETE');
  });
});
