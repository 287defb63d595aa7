/** Error codes of the service cases (issue 16); errors.ts lists them with the rest. */
export const CASE_ERROR_CODES = [
  'ACCOUNT_CLOSED',
  'ACCOUNT_ALREADY_FROZEN',
  'JUDICIAL_ORDER_REQUIRED',
  'JUDICIAL_ALREADY_PENDING',
  'EVIDENCE_NOT_ON_ACCOUNT',
  'CASE_STATUS_MOVE',
] as const;
