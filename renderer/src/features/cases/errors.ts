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
    COMPLAINT_REFERRAL_INCOMPLETE: 'A regulator referral needs its referral number and the regulator’s deadline.',
    COMPLAINT_ALREADY_EXTENDED: 'This complaint already has the extended deadline.',
    COMPLAINT_CLOCK_INVALID: 'Days must be 1–90, and the extended deadline at least the normal one.',
    ACCOUNT_NOT_CUSTOMERS: 'That account, transaction or contact belongs to another customer.',
    FAKE_NUMBER_INVALID:
      'Enter the fake number as digits (5–20), or the account or handle they used (3–60 characters, no spaces).',
    FRAUD_RECALL_RECORDED: 'A recall request is already recorded on this report.',
    ACCOUNT_NOT_ACTIVE:
      'Only an active account can be closed at the customer’s request; a frozen one is decided in its freeze case.',
    CLOSURE_ALREADY_OPEN: 'This account already has a closure request in progress.',
    CLOSURE_COOLING_OFF: 'The cooling-off period is not over yet; the closure can be sent for approval when it ends.',
    LOGIN_NOT_LOCKED: 'The customer’s login is not locked; there is nothing to unlock.',
    DEVICE_REQUIRED: 'Choose the device to unbind.',
    DEVICE_NOT_BOUND: 'That device is no longer bound to the customer.',
    IDENTITY_CASE_OPEN: 'An identity case for this request is already being worked; continue in that case.',
  },
  zh: {
    ACCOUNT_CLOSED: '该账户已销户，不能冻结或更改。',
    ACCOUNT_ALREADY_FROZEN: '该账户已处于冻结状态，请在其未结的冻结工单中补充。',
    JUDICIAL_ORDER_REQUIRED: '司法冻结需要填写法院或有权机关的文书编号。',
    JUDICIAL_ALREADY_PENDING: '该账户已有生效或待审批的司法冻结。',
    EVIDENCE_NOT_ON_ACCOUNT: '关联的交易不属于该账户。',
    CASE_STATUS_MOVE: '该工单当前状态不能转到所选状态。',
    COMPLAINT_REFERRAL_INCOMPLETE: '监管转办投诉需要填写转办编号和监管要求的办结时限。',
    COMPLAINT_ALREADY_EXTENDED: '该投诉已经延长过办理时限。',
    COMPLAINT_CLOCK_INVALID: '天数须为 1–90，延长时限不得短于一般时限。',
    ACCOUNT_NOT_CUSTOMERS: '该账户、交易或来电属于其他客户。',
    FAKE_NUMBER_INVALID: '请填写假冒号码（5–20 位数字），或对方使用的账号（3–60 个字符，不含空格）。',
    FRAUD_RECALL_RECORDED: '该举报已登记过追款（止付）申请。',
    ACCOUNT_NOT_ACTIVE: '只有正常状态的账户可以按客户申请销户；冻结账户请在冻结工单中处理。',
    CLOSURE_ALREADY_OPEN: '该账户已有进行中的销户申请。',
    CLOSURE_COOLING_OFF: '冷静期尚未结束，结束后才能提交销户审批。',
    LOGIN_NOT_LOCKED: '该客户的登录未被锁定，无需解锁。',
    DEVICE_REQUIRED: '请选择要解绑的设备。',
    DEVICE_NOT_BOUND: '该设备已不再绑定在该客户名下。',
    IDENTITY_CASE_OPEN: '该请求已有处理中的账户安全工单，请在该工单中继续处理。',
  },
};
