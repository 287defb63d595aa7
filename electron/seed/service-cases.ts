import { CASE_PREFIX, canMove, nextCaseNo, type ServiceCaseKind } from '../../shared/domain/cases';
import { closureBlocker, coolingOffUntil } from '../../shared/domain/closure';
import { bindingDueAt, DEFAULT_COMPLAINT_CLOCK, responseDueAt } from '../../shared/domain/complaints';
import { FRAUD_SLA_HOURS, normalizeFakeNumber, payeeOf } from '../../shared/domain/fraud';
import {
  IDENTITY_REQUIRED_CHECKS,
  IDENTITY_SLA_HOURS,
  identityCarryOutBlocker,
  identityNeedsFourEyes,
  identityOpenBlocker,
  type IdentityAction,
} from '../../shared/domain/identity-security';
import type { Role } from '../../shared/domain/roles';
import { readSettings } from '../db/settings';
import type { SeedContext } from './journal';
import { Random } from './random';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

interface Subject {
  customerId: number;
  accountId: number;
}

/**
 * The hotline's service cases in the demo data (issue 16): complaints (a regulator referral,
 * an overdue one, an answered one), fraud reports (a fake number on the blocklist, a flagged
 * payee), closure requests (cooling off, awaiting approval) and identity-security cases with
 * the customers' locks and devices. Each is written the way its handler makes it: checked
 * first by the same domain rules, inserted in its kind's first status, then moved along its
 * state machine by UPDATEs the 0130–0200 triggers judge, each step with its note and audit event.
 * Its own dice, so the rest of the dataset stays as it was.
 */
export class ServiceCaseSeeder {
  private readonly rng: Random;
  private readonly numbers = new Map<string, string | null>();
  private readonly st;
  constructor(
    private readonly world: SeedContext,
    seed: number,
  ) {
    this.rng = new Random(seed * 71 + 5);
    const { sqlite } = world;
    this.st = {
      insert: sqlite.prepare(
        `INSERT INTO service_cases (case_no, kind, status, customer_id, account_id, summary, opened_by, opened_at, sla_due_at, owner_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      ),
      move: sqlite.prepare(
        `UPDATE service_cases SET status = @status, maker_id = coalesce(@maker, maker_id), checker_id = @checker,
           decision = coalesce(@decision, decision), decision_note = coalesce(@note, decision_note),
           decided_at = coalesce(@decidedAt, decided_at), version = version + 1 WHERE id = @id`,
      ),
      note: sqlite.prepare(
        "INSERT INTO notes (entity_type, entity_id, operator_id, body, created_at) VALUES ('service_case', ?, ?, ?, ?)",
      ),
      link: sqlite.prepare('INSERT INTO service_case_links (case_id, target, target_id) VALUES (?, ?, ?)'),
    };
  }

  /** Active accounts with a transfer to someone (a payee to flag), in id order: the subjects, drawn from these. */
  private subjects(): Subject[] {
    return this.world.sqlite
      .prepare(
        `SELECT c.id AS customerId, a.id AS accountId FROM customers c JOIN accounts a ON a.customer_id = c.id
         WHERE a.status = 'active' AND a.balance_minor > 0
           AND EXISTS (SELECT 1 FROM transactions t WHERE t.account_id = a.id AND t.counterparty IS NOT NULL)
           AND NOT EXISTS (SELECT 1 FROM freeze_cases f WHERE f.account_id = a.id)
         ORDER BY c.id LIMIT 400`,
      )
      .all() as Subject[];
  }

  private caseNo(kind: ServiceCaseKind): string {
    const prefix = CASE_PREFIX[kind];
    const next = nextCaseNo(prefix, this.numbers.get(prefix) ?? null);
    this.numbers.set(prefix, next);
    return next;
  }

  private actor(at: number, role: Role = 'agent'): { at: number; operatorId: number; role: Role } {
    const { roster } = this.world;
    const operatorId = role === 'agent' ? roster.agentAt(this.rng, at) : roster.supervisorAt(this.rng, at);
    return { at, operatorId, role };
  }

  private event(
    id: number,
    who: { at: number; operatorId: number; role: Role },
    action: string,
    e: { before?: Record<string, unknown>; after: Record<string, unknown>; note?: string },
  ) {
    this.world.journal.add(who, { entityType: 'service_case', entityId: id, action, before: null, ...e });
    if (e.note) this.st.note.run(id, who.operatorId, e.note, iso(who.at));
  }

  /** Opens a case in its kind's first status, with its note and its opening event. */
  private open(
    kind: ServiceCaseKind,
    status: string,
    s: Subject,
    who: { at: number; operatorId: number; role: Role },
    summary: string,
    dueAt: string,
    action: string,
  ): number {
    const caseNo = this.caseNo(kind);
    const { id } = this.st.insert.get(
      caseNo,
      kind,
      status,
      s.customerId,
      s.accountId,
      summary,
      who.operatorId,
      iso(who.at),
      dueAt,
      who.operatorId,
    ) as { id: number };
    this.event(id, who, action, { after: { caseNo, kind }, note: summary });
    return id;
  }

  /** One move of a case's state machine (checked against it first; the triggers check again). */
  private move(
    id: number,
    kind: ServiceCaseKind,
    from: string,
    to: string,
    f: { maker?: number; checker?: number; decision?: string; note?: string; decidedAt?: number } = {},
  ) {
    if (!canMove(kind, from as never, to as never)) throw new Error(`seed: ${kind} cannot go ${from} → ${to}`);
    this.st.move.run({
      id,
      status: to,
      maker: f.maker ?? null,
      checker: f.checker ?? null,
      decision: f.decision ?? null,
      note: f.note ?? null,
      decidedAt: f.decidedAt === undefined ? null : iso(f.decidedAt),
    });
  }

  write(): { complaints: number; fraudReports: number; closures: number; identity: number } {
    const pool = this.subjects();
    const take = () => pool.splice(this.rng.int(0, pool.length - 1), 1)[0];
    if (pool.length < 14) return { complaints: 0, fraudReports: 0, closures: 0, identity: 0 };
    const tz = readSettings(this.world.sqlite).timeZone;
    const complaints = this.complaints([take(), take(), take()], tz);
    const fraudReports = this.fraudReports([take(), take()]);
    const closures = this.closures([take(), take()]);
    const identity = this.identity([take(), take(), take(), take(), take()]);
    return { complaints, fraudReports, closures, identity };
  }

  private complaints(subjects: Subject[], tz: string): number {
    const { anchor, sqlite } = this.world;
    const detail = sqlite.prepare(
      `INSERT INTO complaint_details (case_id, channel, category, customer_words, regulator, referral_no, regulator_due_at, own_due_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const answer = sqlite.prepare(
      'UPDATE complaint_details SET outcome = ?, explanation = ?, response_text = ?, responded_at = ? WHERE case_id = ?',
    );
    const plans = [
      // Referred by the PBOC's 12363 line, answered before the regulator's deadline is due.
      {
        days: 3,
        channel: 'regulator',
        category: 'fees',
        words: '客户向12363投诉：提现手续费未提前告知',
        regulator: true,
      },
      // Past our own deadline and still open: the Overview counts it.
      { days: 20, channel: 'phone', category: 'service', words: '客服多次未回电 / No call-back after three promises' },
      { days: 9, channel: 'chat', category: 'refund', words: '退款到账太慢 / Refund took too long', answered: true },
    ];
    plans.forEach((p, i) => {
      const s = subjects[i];
      const who = this.actor(anchor - p.days * DAY - this.rng.int(1, 8) * HOUR);
      const openedAt = iso(who.at);
      const own = responseDueAt(openedAt, DEFAULT_COMPLAINT_CLOCK.responseDays, tz);
      const regulatorDue = p.regulator ? iso(who.at + 10 * DAY) : null;
      const id = this.open('complaint', 'open', s, who, p.words, bindingDueAt(own, regulatorDue), 'complaint.opened');
      detail.run(
        id,
        p.channel,
        p.category,
        p.words,
        p.regulator ? 'pboc_12363' : null,
        p.regulator ? `12363-${String(anchor).slice(-6)}` : null,
        regulatorDue,
        own,
      );
      if (p.answered) {
        const at = who.at + 2 * DAY;
        answer.run(
          'partially_upheld',
          '退款处理超出承诺时效 / Refund exceeded the promised time',
          '已致电客户说明 / Called the customer back',
          iso(at),
          id,
        );
        this.move(id, 'complaint', 'open', 'resolved', {
          maker: who.operatorId,
          decision: 'partially_upheld',
          decidedAt: at,
        });
        this.event(id, { ...who, at }, 'complaint.answered', { after: { outcome: 'partially_upheld' } });
      }
    });
    return plans.length;
  }

  private fraudReports(subjects: Subject[]): number {
    const { anchor, sqlite } = this.world;
    const report = sqlite.prepare(
      'INSERT INTO fraud_reports (case_id, scheme, fake_number, loss_minor, currency) VALUES (?, ?, ?, ?, ?)',
    );
    const blocklist = sqlite.prepare(
      `INSERT INTO fake_numbers (number, first_case_id, last_case_id, last_reported_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (number) DO UPDATE SET reports = reports + 1, last_case_id = excluded.last_case_id,
         last_reported_at = excluded.last_reported_at`,
    );
    const flag = sqlite.prepare(
      'INSERT OR IGNORE INTO flagged_payees (payee, case_id, transaction_id, flagged_at) VALUES (?, ?, ?, ?)',
    );
    const lastTransfer = sqlite.prepare(
      `SELECT id, counterparty, merchant, amount_minor FROM transactions WHERE account_id = ? AND counterparty IS NOT NULL
       ORDER BY created_at DESC LIMIT 1`,
    );
    const numbers = ['400-820 1234', 'kefu_wallet_vip'];
    subjects.forEach((s, i) => {
      const who = this.actor(anchor - this.rng.int(2, 30) * HOUR);
      const fake = normalizeFakeNumber(numbers[i])!;
      const t = lastTransfer.get(s.accountId) as {
        id: number;
        counterparty: string | null;
        merchant: string | null;
        amount_minor: number;
      };
      const words =
        i === 0
          ? '接到假冒客服电话，被要求转账到“安全账户”'
          : 'Someone posing as our support on WeChat asked for a transfer';
      const id = this.open(
        'fraud_report',
        'open',
        s,
        who,
        words,
        iso(who.at + FRAUD_SLA_HOURS * HOUR),
        'fraud.reported',
      );
      this.st.link.run(id, 'transaction', t.id);
      report.run(id, i === 0 ? 'fake_hotline' : 'impersonation', fake, t.amount_minor, 'CNY');
      blocklist.run(fake, id, id, iso(who.at));
      const payee = payeeOf(t);
      if (payee) flag.run(payee, id, t.id, iso(who.at));
    });
    return subjects.length;
  }

  private closures(subjects: Subject[]): number {
    const { anchor, sqlite } = this.world;
    const request = sqlite.prepare(
      'INSERT INTO closure_requests (case_id, account_id, checks_json, cooling_off_until) VALUES (?, ?, ?, ?)',
    );
    const checks = ['phone', 'id_tail', 'face'] as const;
    subjects.forEach((s, i) => {
      // The first still cools off; the second's period is over and waits for a second person.
      const who = this.actor(anchor - (i === 0 ? 2 : 9) * DAY);
      const blocker = closureBlocker({ accountStatus: 'active', checks, openRequest: false });
      if (blocker) throw new Error(`seed: ${blocker}`);
      const until = coolingOffUntil(iso(who.at));
      const id = this.open(
        'closure',
        'cooling_off',
        s,
        who,
        '客户出国定居，申请销户 / Moving abroad',
        until,
        'closure.requested',
      );
      request.run(id, s.accountId, JSON.stringify(checks), until);
      if (i === 1) {
        const at = Date.parse(until) + HOUR;
        this.move(id, 'closure', 'cooling_off', 'awaiting_approval', { maker: who.operatorId, decision: 'close' });
        this.event(id, { ...who, at }, 'closure.submitted', { after: { status: 'awaiting_approval' } });
      }
    });
    return subjects.length;
  }

  /** Locks and devices for the subjects, then a case of each action at a different stage. */
  private identity(subjects: Subject[]): number {
    const { anchor, sqlite } = this.world;
    const lock = sqlite.prepare(
      "UPDATE customers SET login_locked_at = ?, login_lock_reason = 'failed_attempts' WHERE id = ?",
    );
    const device = sqlite.prepare(
      'INSERT INTO customer_devices (customer_id, label, bound_at, trusted) VALUES (?, ?, ?, ?) RETURNING id',
    );
    const request = sqlite.prepare('INSERT INTO identity_requests (case_id, action, device_id) VALUES (?, ?, ?)');
    const check = sqlite.prepare(
      'INSERT INTO service_case_checks (case_id, check_kind, operator_id, at) VALUES (?, ?, ?, ?)',
    );
    const done = sqlite.prepare('UPDATE identity_requests SET carried_out_at = ? WHERE case_id = ?');
    const unlock = sqlite.prepare('UPDATE customers SET login_locked_at = NULL, login_lock_reason = NULL WHERE id = ?');
    const reset = sqlite.prepare('UPDATE customers SET reset_verified_at = ? WHERE id = ?');
    const unbind = sqlite.prepare('UPDATE customer_devices SET unbound_at = ?, unbound_case_id = ? WHERE id = ?');
    const devices = subjects.map((s, i) => {
      const phone = device.get(
        s.customerId,
        i % 2 ? 'Huawei Mate 60 · 3C91' : 'iPhone 15 · 8F2A',
        iso(anchor - 200 * DAY),
        1,
      ) as { id: number };
      return phone.id;
    });
    // Two locked out: one waiting for a call-back (no case yet), one whose case is open.
    lock.run(iso(anchor - 3 * HOUR), subjects[0].customerId);
    lock.run(iso(anchor - 5 * HOUR), subjects[1].customerId);
    lock.run(iso(anchor - 30 * HOUR), subjects[2].customerId);
    const plans: {
      s: Subject;
      action: IdentityAction;
      stage: 'open' | 'resolved' | 'awaiting';
      deviceId: number | null;
    }[] = [
      { s: subjects[1], action: 'unlock', stage: 'open', deviceId: null },
      { s: subjects[2], action: 'unlock', stage: 'resolved', deviceId: null },
      { s: subjects[3], action: 'password_reset', stage: 'resolved', deviceId: null },
      { s: subjects[4], action: 'device_unbind', stage: 'awaiting', deviceId: devices[4] },
    ];
    for (const p of plans) {
      const who = this.actor(anchor - this.rng.int(1, 20) * HOUR);
      const locked = p.action === 'unlock';
      const blocker = identityOpenBlocker({
        action: p.action,
        loginLocked: locked,
        device: p.deviceId ? { customerMatches: true, bound: true } : null,
        openCase: false,
      });
      if (blocker) throw new Error(`seed: ${blocker}`);
      const summary = {
        unlock: '密码输错多次被锁，来电要求解锁',
        password_reset: 'Forgot the password; asks to reset it',
        device_unbind: '旧手机丢失，要求解绑',
      }[p.action];
      const id = this.open(
        'identity',
        'open',
        p.s,
        who,
        summary,
        iso(who.at + IDENTITY_SLA_HOURS * HOUR),
        'identity.opened',
      );
      request.run(id, p.action, p.deviceId);
      if (p.stage === 'open') continue;
      const required = IDENTITY_REQUIRED_CHECKS[p.action];
      required.forEach((k, i) => {
        const at = who.at + (i + 1) * 60_000;
        check.run(id, k, who.operatorId, iso(at));
        this.world.journal.add(
          { ...who, at },
          {
            entityType: 'service_case',
            entityId: id,
            action: 'identity.check',
            before: null,
            after: { kind: k, passed: true },
          },
        );
      });
      this.move(id, 'identity', 'open', 'in_progress');
      const at = who.at + (required.length + 2) * 60_000;
      const carry = identityCarryOutBlocker({
        action: p.action,
        passed: required,
        loginLocked: locked,
        deviceBound: true,
      });
      if (carry) throw new Error(`seed: ${carry}`);
      const note = '核验通过 / Checks passed on the call';
      if (
        identityNeedsFourEyes({ action: p.action, deviceTrusted: true, otherTrustedDevices: 0 }) !==
        (p.stage === 'awaiting')
      ) {
        throw new Error('seed: the plan disagrees with the four-eyes rule');
      }
      if (p.stage === 'awaiting') {
        this.move(id, 'identity', 'in_progress', 'awaiting_approval', {
          maker: who.operatorId,
          decision: 'carry_out',
          note,
        });
        this.event(id, { ...who, at }, 'identity.submitted', { after: { status: 'awaiting_approval' }, note });
        continue;
      }
      if (p.action === 'unlock') unlock.run(p.s.customerId);
      else if (p.action === 'password_reset') reset.run(iso(at), p.s.customerId);
      else unbind.run(iso(at), id, p.deviceId);
      done.run(iso(at), id);
      this.event(id, { ...who, at }, 'identity.carriedOut', { after: { action: p.action } });
      this.move(id, 'identity', 'in_progress', 'resolved', {
        maker: who.operatorId,
        decision: 'carry_out',
        note,
        decidedAt: at,
      });
      this.event(id, { ...who, at }, 'identity.resolved', { after: { status: 'resolved' }, note });
    }
    return plans.length;
  }
}
