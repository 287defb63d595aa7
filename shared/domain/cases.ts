/**
 * The service-case model every hotline case kind shares (issue 16): a queue with an owner,
 * an SLA clock, a notes thread, evidence links, decisions with reasons and, where a kind's
 * rules say so, a second person's approval. Each kind's state machine lives here as data;
 * the database reads the same table of moves (service_case_moves) in its triggers.
 */
export const SERVICE_CASE_KINDS = ['judicial_freeze', 'complaint', 'fraud_report', 'closure', 'identity'] as const;
export type ServiceCaseKind = (typeof SERVICE_CASE_KINDS)[number];

/** Case-number prefix per kind; numbers are the prefix and seven digits, like FC0000123. */
export const CASE_PREFIX: Record<ServiceCaseKind, string> = {
  judicial_freeze: 'JF',
  complaint: 'CP',
  fraud_report: 'FR',
  closure: 'CL',
  identity: 'IS',
};

/** Statuses that end a case, whatever its kind: the queue's "active" flag is their complement. */
export const TERMINAL_STATUSES = ['approved', 'rejected', 'resolved', 'closed', 'withdrawn'] as const;

export const SERVICE_CASE_STATUSES = [
  'open',
  'in_progress',
  'awaiting_approval',
  'cooling_off',
  ...TERMINAL_STATUSES,
] as const;
export type ServiceCaseStatus = (typeof SERVICE_CASE_STATUSES)[number];

export interface CaseMove {
  /** '' is the status a case is created in. */
  from: ServiceCaseStatus | '';
  to: ServiceCaseStatus;
  /** The move needs a checker who is a supervisor and not the maker (four-eyes). */
  fourEyes?: boolean;
}

/** Every allowed move, per kind. A kind appears here when it is built. */
export const CASE_MOVES: Partial<Record<ServiceCaseKind, CaseMove[]>> = {
  // A judicial freeze is irreversible here, so it exists only once a supervisor confirms the order.
  judicial_freeze: [
    { from: '', to: 'awaiting_approval' },
    { from: 'awaiting_approval', to: 'approved', fourEyes: true },
    { from: 'awaiting_approval', to: 'rejected', fourEyes: true },
  ],
  // A complaint is answered (resolved) with its outcome and the response sent, or withdrawn.
  complaint: [
    { from: '', to: 'open' },
    { from: 'open', to: 'in_progress' },
    { from: 'open', to: 'resolved' },
    { from: 'in_progress', to: 'resolved' },
    { from: 'open', to: 'withdrawn' },
    { from: 'in_progress', to: 'withdrawn' },
  ],
  // A fraud report is worked (a recall requested) and resolved with a note on what came back.
  fraud_report: [
    { from: '', to: 'open' },
    { from: 'open', to: 'in_progress' },
    { from: 'open', to: 'resolved' },
    { from: 'in_progress', to: 'resolved' },
  ],
  // A closure cools off (the customer may withdraw), then a second person approves the closure itself.
  closure: [
    { from: '', to: 'cooling_off' },
    { from: 'cooling_off', to: 'withdrawn' },
    { from: 'cooling_off', to: 'awaiting_approval' },
    { from: 'awaiting_approval', to: 'approved', fourEyes: true },
    { from: 'awaiting_approval', to: 'rejected', fourEyes: true },
  ],
  // An identity case: checks ticked (in progress), then carried out (resolved) or declined
  // (closed); when it needs four-eyes (identityNeedsFourEyes) a second supervisor approves it.
  identity: [
    { from: '', to: 'open' },
    { from: 'open', to: 'in_progress' },
    { from: 'in_progress', to: 'resolved' },
    { from: 'open', to: 'closed' },
    { from: 'in_progress', to: 'closed' },
    { from: 'in_progress', to: 'awaiting_approval' },
    { from: 'awaiting_approval', to: 'approved', fourEyes: true },
    { from: 'awaiting_approval', to: 'rejected', fourEyes: true },
  ],
};

export function canMove(kind: ServiceCaseKind, from: ServiceCaseStatus | '', to: ServiceCaseStatus): boolean {
  return (CASE_MOVES[kind] ?? []).some((m) => m.from === from && m.to === to);
}

export function needsFourEyes(kind: ServiceCaseKind, from: ServiceCaseStatus, to: ServiceCaseStatus): boolean {
  return (CASE_MOVES[kind] ?? []).some((m) => m.from === from && m.to === to && m.fourEyes === true);
}

export function isActiveStatus(status: ServiceCaseStatus): boolean {
  return !(TERMINAL_STATUSES as readonly string[]).includes(status);
}

/** Whether a case still being worked is past its due time. */
export function isCaseOverdue(status: ServiceCaseStatus, dueAt: string, now: Date): boolean {
  return isActiveStatus(status) && dueAt < now.toISOString();
}

/** Hours a supervisor has to confirm or reject a judicial freeze request. */
export const JUDICIAL_APPROVAL_SLA_HOURS = 4;

/** The next number for a prefix after the highest one in use ('FC0000041' → 'FC0000042'). */
export function nextCaseNo(prefix: string, highest: string | null | undefined): string {
  const n = highest ? Number(highest.slice(prefix.length)) || 0 : 0;
  return `${prefix}${String(n + 1).padStart(7, '0')}`;
}
