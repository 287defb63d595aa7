/** Strings of closure requests (cases.closure.*). */
const en = {
  open: 'Close account',
  title: 'Closure request for account {{accountNo}}',
  intro:
    'The customer asks to close this account. After $t(units.day, {"count": {{days}} }) of cooling-off a second person approves; the balance then goes to the verified card.',
  checks: 'Identity checks done',
  checksHint: 'The registered phone and the ID tail, and at least one more.',
  reason: 'Why the customer wants to close',
  reasonRequired: 'Write down why the customer wants to close.',
  submit: 'Open closure request',
  cancel: 'Cancel',
  opened: 'Closure request {{caseNo}} opened; cooling-off until {{time}}.',
  section: 'Closure request',
  coolingOff: 'Cooling-off until {{time}}',
  paid: 'Paid out {{amount}} to the verified card ({{txnNo}}); the account is closed.',
  send: 'Send for approval',
  sent: 'Sent for approval.',
  withdraw: 'Withdraw (customer changed their mind)',
  withdrawNote: 'What the customer said',
  withdrawn: 'Closure request withdrawn.',
};

const zh: typeof en = {
  open: '申请销户',
  title: '账户 {{accountNo}} 的销户申请',
  intro:
    '客户申请注销该账户。冷静期 $t(units.day, {"count": {{days}} }) 结束后由另一人审批，余额将退回已验证的银行卡。',
  checks: '已完成的身份核验',
  checksHint: '须核验注册手机号和证件号后几位，并至少再核验一项。',
  reason: '客户销户原因',
  reasonRequired: '请记录客户的销户原因。',
  submit: '提交销户申请',
  cancel: '取消',
  opened: '销户申请 {{caseNo}} 已创建，冷静期至 {{time}}。',
  section: '销户申请',
  coolingOff: '冷静期至 {{time}}',
  paid: '已将 {{amount}} 退回已验证银行卡（{{txnNo}}），账户已注销。',
  send: '提交审批',
  sent: '已提交审批。',
  withdraw: '撤回（客户改变主意）',
  withdrawNote: '客户的说法',
  withdrawn: '销户申请已撤回。',
};

export const closureMessages = { en, zh };
