import type { CASE_ERROR_CODES } from '../../../../shared/contract/case-errors';

type CaseErrors = Record<(typeof CASE_ERROR_CODES)[number], string>;

/** The service cases' error messages; the core catalogs spread these into `errors`. */
export const caseErrorMessages: { en: CaseErrors; zh: CaseErrors } = {
  en: {
    ACCOUNT_CLOSED: 'The account is closed; it cannot be frozen or changed.',
    ACCOUNT_ALREADY_FROZEN: 'The account is already frozen. Add to its open freeze case instead.',
    JUDICIAL_ORDER_REQUIRED: 'A judicial freeze needs the reference of the court or authority’s order.',
    JUDICIAL_ALREADY_PENDING: 'This account already has a judicial freeze in force or awaiting approval.',
    EVIDENCE_NOT_ON_ACCOUNT: 'A linked transaction does not belong to this account.',
    CASE_STATUS_MOVE: 'This case cannot move to that status from where it is now.',
  },
  zh: {
    ACCOUNT_CLOSED: '该账户已销户，不能冻结或更改。',
    ACCOUNT_ALREADY_FROZEN: '该账户已处于冻结状态，请在其未结的冻结工单中补充。',
    JUDICIAL_ORDER_REQUIRED: '司法冻结需要填写法院或有权机关的文书编号。',
    JUDICIAL_ALREADY_PENDING: '该账户已有生效或待审批的司法冻结。',
    EVIDENCE_NOT_ON_ACCOUNT: '关联的交易不属于该账户。',
    CASE_STATUS_MOVE: '该工单当前状态不能转到所选状态。',
  },
};
