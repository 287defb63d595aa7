export const ROLES = ['agent', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What each role may do. One table, read by dispatch before any handler runs
 * and by the UI to hide or disable what the operator may not do.
 */
export const PERMISSIONS = [
  'app.use', // any signed-in operator
  'customers.read',
  'customers.unmask',
  'transactions.read',
  'audit.read',
  'audit.verify',
  'operators.manage',
  'limits.manage',
  'settings.manage',
  'views.manage',
  'notes.read',
  'notes.write',
  'frozen.read',
  'frozen.work',
  'frozen.approve',
  'refunds.read',
  'refunds.request',
  // Cancelling a refund request someone else logged; everyone may cancel their own.
  'refunds.cancelAny',
  'refunds.approve',
  // Approving a refund outside the refund window needs a supervisor.
  'refunds.outsideWindow',
  'contacts.log',
  'contacts.import',
  'calls.read',
  'fees.read',
  'fees.edit', // draft, submit, simulate
  'fees.approve', // approve or reject another operator's version
  'cases.read', // service cases: complaints, fraud reports, closures, judicial freeze requests
  'cases.work',
  'cases.approve', // the second pair of eyes on a service case
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const AGENT: Permission[] = [
  'app.use',
  'customers.read',
  'customers.unmask',
  'transactions.read',
  'views.manage',
  'notes.read',
  'notes.write',
  'frozen.read',
  'frozen.work',
  'refunds.read',
  'refunds.request',
  'refunds.approve',
  'contacts.log',
  'fees.read',
  'cases.read',
  'cases.work',
];
const SUPERVISOR: Permission[] = [
  ...AGENT,
  'audit.read',
  'audit.verify',
  'frozen.approve',
  'refunds.cancelAny',
  'refunds.outsideWindow',
  'calls.read',
  'contacts.import',
  'fees.edit',
  'fees.approve',
  'cases.approve',
];
const ADMIN: Permission[] = [...SUPERVISOR, 'operators.manage', 'limits.manage', 'settings.manage'];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  agent: new Set(AGENT),
  supervisor: new Set(SUPERVISOR),
  admin: new Set(ADMIN),
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}
