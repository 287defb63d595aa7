import type { Migration } from './index';
import { insertCaseMoves } from './0130-service-cases';
import { IDENTITY_CHECKS, sqlList } from '../../../shared/domain/catalog';
import {
  IDENTITY_ACTIONS,
  IDENTITY_REQUIRED_CHECKS,
  LOGIN_LOCK_REASONS,
} from '../../../shared/domain/identity-security';

const utc = (col: string, nullable = false) =>
  `${col} TEXT ${nullable ? '' : 'NOT NULL'} CHECK (${col} IS NULL OR ${col} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z')`;

/** Every required check of the case's action is passed (IDENTITY_REQUIRED_CHECKS, as data). */
const checksPassed = (caseId: string) =>
  `EXISTS (SELECT 1 FROM identity_requests r WHERE r.case_id = ${caseId} AND (${IDENTITY_ACTIONS.map(
    (a) =>
      `(r.action = '${a}' AND (SELECT count(*) FROM service_case_checks k WHERE k.case_id = r.case_id
        AND k.check_kind IN (${sqlList(IDENTITY_REQUIRED_CHECKS[a])})) = ${IDENTITY_REQUIRED_CHECKS[a].length})`,
  ).join(' OR ')}))`;

/** One refusal both engines render alike: SQLite as RAISE in a trigger, PostgreSQL via refuse(). */
export interface IdentityRule {
  name: string;
  table: string;
  events: string;
  when: string;
  message: string;
}

const statusChange = `NEW.kind = 'identity' AND NEW.status <> OLD.status`;

export const IDENTITY_RULES: IdentityRule[] = [
  {
    name: 'identity_case_needs_checks',
    table: 'service_cases',
    events: 'UPDATE OF status',
    when: `${statusChange} AND NEW.status IN ('awaiting_approval', 'resolved', 'approved') AND NOT ${checksPassed('NEW.id')}`,
    message: 'identity case: every required identity check must pass first',
  },
  {
    name: 'identity_case_done_with_effect',
    table: 'service_cases',
    events: 'UPDATE OF status',
    when: `${statusChange} AND NEW.status IN ('resolved', 'approved')
      AND (SELECT carried_out_at FROM identity_requests WHERE case_id = NEW.id) IS NULL`,
    message: 'identity case: carried out only together with its effect',
  },
  // Four-eyes: the last trusted device is unbound only by an approval, never by one agent alone.
  {
    name: 'identity_last_device_four_eyes',
    table: 'service_cases',
    events: 'UPDATE OF status',
    when: `${statusChange} AND NEW.status = 'resolved' AND EXISTS (
      SELECT 1 FROM identity_requests r JOIN customer_devices d ON d.id = r.device_id
      WHERE r.case_id = NEW.id AND d.trusted = 1 AND NOT EXISTS (
        SELECT 1 FROM customer_devices o WHERE o.customer_id = d.customer_id AND o.id <> d.id
          AND o.trusted = 1 AND o.unbound_at IS NULL))`,
    message: 'four-eyes: unbinding the last trusted device needs a second supervisor',
  },
  {
    name: 'customer_devices_unbound_by_case',
    table: 'customer_devices',
    events: 'UPDATE OF unbound_at, unbound_case_id',
    when: `NEW.unbound_at IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM identity_requests r JOIN service_cases c ON c.id = r.case_id
      WHERE r.case_id = NEW.unbound_case_id AND r.device_id = NEW.id AND c.customer_id = NEW.customer_id)`,
    message: 'a device is unbound only by the identity case that names it',
  },
  {
    name: 'customer_devices_unbound_stays',
    table: 'customer_devices',
    events: 'UPDATE',
    when: 'OLD.unbound_at IS NOT NULL',
    message: 'an unbound device stays unbound (binding again is a new device)',
  },
  {
    name: 'customer_devices_no_delete',
    table: 'customer_devices',
    events: 'DELETE',
    when: '1 = 1',
    message: 'devices are unbound, never deleted',
  },
  {
    name: 'service_case_checks_open_case',
    table: 'service_case_checks',
    events: 'INSERT',
    when: `(SELECT active FROM service_cases WHERE id = NEW.case_id) <> 1`,
    message: 'identity checks are recorded only on a case still being worked',
  },
  {
    name: 'identity_requests_fixed',
    table: 'identity_requests',
    events: 'UPDATE OF action, device_id',
    // SQLite's IS NOT is PostgreSQL's IS DISTINCT FROM; the twin swaps it.
    when: 'NEW.action <> OLD.action OR NEW.device_id IS NOT OLD.device_id',
    message: 'an identity case keeps its action and device',
  },
];

/**
 * Identity-security cases (issue 16) and the customer-side state they change: a login lock,
 * a verified password reset, the bound devices. The database holds the rules on its own:
 * the action's checks all pass before the case is sent or carried out, a carried-out case
 * has its effect, the last trusted device goes only by a four-eyes approval, a device is
 * unbound only by the case that names it. SQLite dialect; the PostgreSQL twin is
 * electron/db/postgres/schema-identity.ts.
 */
export const identitySecurity: Migration = {
  version: 200,
  name: 'identity-security',
  up(db) {
    db.exec(`
      ALTER TABLE customers ADD COLUMN ${utc('login_locked_at', true)};
      ALTER TABLE customers ADD COLUMN login_lock_reason TEXT
        CHECK (login_lock_reason IS NULL OR login_lock_reason IN (${sqlList(LOGIN_LOCK_REASONS)}));
      ALTER TABLE customers ADD COLUMN ${utc('reset_verified_at', true)};

      CREATE TABLE customer_devices (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        label TEXT NOT NULL CHECK (length(trim(label)) BETWEEN 1 AND 80),
        ${utc('bound_at')},
        trusted INTEGER NOT NULL CHECK (trusted IN (0, 1)),
        ${utc('unbound_at', true)},
        unbound_case_id INTEGER REFERENCES service_cases(id),
        CHECK ((unbound_at IS NULL) = (unbound_case_id IS NULL))
      ) STRICT;
      CREATE INDEX customer_devices_by_customer ON customer_devices (customer_id, unbound_at);

      -- The case's identity checklist: the freeze checklist's shape (who ticked what, when).
      CREATE TABLE service_case_checks (
        case_id INTEGER NOT NULL REFERENCES service_cases(id),
        check_kind TEXT NOT NULL CHECK (check_kind IN (${sqlList(IDENTITY_CHECKS)})),
        operator_id INTEGER NOT NULL REFERENCES operators(id),
        ${utc('at')},
        PRIMARY KEY (case_id, check_kind)
      ) STRICT;

      CREATE TABLE identity_requests (
        case_id INTEGER PRIMARY KEY REFERENCES service_cases(id),
        action TEXT NOT NULL CHECK (action IN (${sqlList(IDENTITY_ACTIONS)})),
        device_id INTEGER REFERENCES customer_devices(id),
        ${utc('carried_out_at', true)},
        CHECK ((action = 'device_unbind') = (device_id IS NOT NULL))
      ) STRICT;

      CREATE INDEX customers_login_locked ON customers (login_locked_at) WHERE login_locked_at IS NOT NULL;
      ${IDENTITY_RULES.map(
        (r) =>
          `CREATE TRIGGER ${r.name} BEFORE ${r.events} ON ${r.table} WHEN ${r.when}
           BEGIN SELECT RAISE(ABORT, '${r.message.replaceAll("'", "''")}'); END;`,
      ).join('\n')}
    `);
    insertCaseMoves(db, 'identity');
  },
};
