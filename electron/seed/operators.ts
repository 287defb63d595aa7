import type Database from 'better-sqlite3';
import { DEFAULT_CALL_SETTINGS } from '../../shared/domain/contact-kpis';
import { requiredAgents } from '../../shared/domain/erlang';
import { hashPassword, UNUSABLE_HASH } from '../api/session/passwords';
import type { AuditJournal } from './journal';
import { GIVEN, SURNAMES } from './names';
import type { Random } from './random';

/** The demo operators. Their passwords are for the demo only and are shown on the sign-in page. */
export const DEMO_OPERATORS = [
  { username: 'agent', displayName: '陈晓 Chen Xiao', role: 'agent', password: 'agent123' },
  { username: 'agent2', displayName: '李娜 Li Na', role: 'agent', password: 'agent123' },
  { username: 'supervisor', displayName: '王芳 Wang Fang', role: 'supervisor', password: 'super123' },
  { username: 'supervisor2', displayName: '赵磊 Zhao Lei', role: 'supervisor', password: 'super123' },
  { username: 'admin', displayName: '周敏 Zhou Min', role: 'admin', password: 'admin123' },
] as const;

export const DEMO_LIMITS = [
  { role: 'agent', maxMinor: 50_000 },
  { role: 'supervisor', maxMinor: 2_000_000 },
  { role: 'admin', maxMinor: 0 },
] as const;

/** The contact centre works three eight-hour shifts in China Standard Time (UTC+8), where its customers live. */
const LOCAL_OFFSET_MS = 8 * 3_600_000;
export const SHIFT_HOURS = 8;
const SHIFTS = 24 / SHIFT_HOURS;
/** Everyone works five days a week: two rest days, spread so a shift never rests all at once. */
const REST_DAYS = 2;
/** Handle time the contact model gives on average (talk ≈ 60 + 210 s, hold, after-call work): what staffing plans with. */
const PLANNED_AHT_SECONDS = 340;
const SUPERVISORS_PER_AGENTS = 10;
const DAY = 86_400_000;
/** The team has been in place since before the oldest history the generator writes (three years of freezes). */
export const TEAM_SINCE_DAYS = 1_150;

/** Expected live contacts in a half hour of a local hour and weekday (Sunday 0): the load the roster is sized for. */
export type LoadShape = (localHour: number, weekday: number) => number;

export interface Member {
  id: number;
  shift: number;
  /** Weekdays off (0 = Sunday). */
  rest: number[];
}

/**
 * The staff who worked the generated history: enough agents per shift for what Erlang C
 * asks at the shift's busiest half hour on its busiest weekday (after shrinkage), with rest
 * days covered, and a supervisor per ten agents (at least two a shift, for four-eyes).
 */
export class Roster {
  /** [shift][weekday] → who works then. */
  private readonly working: { agents: number[]; supervisors: number[] }[][];
  private readonly all: { agents: number[]; supervisors: number[] }[];

  constructor(
    readonly agents: Member[],
    readonly supervisors: Member[],
    readonly admin: number,
  ) {
    const at = (list: Member[], shift: number, day: number | null) =>
      list.filter((m) => m.shift === shift && (day === null || !m.rest.includes(day))).map((m) => m.id);
    this.working = Array.from({ length: SHIFTS }, (_, s) =>
      Array.from({ length: 7 }, (_, d) => ({ agents: at(agents, s, d), supervisors: at(supervisors, s, d) })),
    );
    this.all = Array.from({ length: SHIFTS }, (_, s) => ({
      agents: at(agents, s, null),
      supervisors: at(supervisors, s, null),
    }));
  }

  /** The same roster, made from what a worker thread was sent of this one (its members, structured-cloned). */
  static from(sent: Pick<Roster, 'agents' | 'supervisors' | 'admin'>): Roster {
    return new Roster(sent.agents, sent.supervisors, sent.admin);
  }

  private slot(at: number) {
    const local = new Date(at + LOCAL_OFFSET_MS);
    return { shift: Math.floor(local.getUTCHours() / SHIFT_HOURS), day: local.getUTCDay() };
  }

  /** An agent on shift at `at`; in a surge the shift's resting agents are called in too. */
  agentAt(rng: Random, at: number, surge = false): number {
    const { shift, day } = this.slot(at);
    return rng.pick(surge ? this.all[shift].agents : this.working[shift][day].agents);
  }

  /** A supervisor on shift at `at`, never `not` (the maker a second approval checks). */
  supervisorAt(rng: Random, at: number, not: number | null = null): number {
    const { shift, day } = this.slot(at);
    const pool = this.working[shift][day].supervisors.filter((id) => id !== not);
    return rng.pick(pool.length ? pool : this.all[shift].supervisors.filter((id) => id !== not));
  }
}

/** Rest days of the k-th member of a shift: consecutive, and three days on from the previous member's. */
function restDays(k: number): number[] {
  return Array.from({ length: REST_DAYS }, (_, i) => (k * 3 + i) % 7);
}

/** How many people a shift needs so that, every weekday, at least `need` of them are working. */
function shiftSize(need: number): number {
  for (let size = need; ; size++) {
    let fewest = size;
    for (let d = 0; d < 7; d++) {
      let resting = 0;
      for (let k = 0; k < size; k++) if (restDays(k).includes(d)) resting++;
      fewest = Math.min(fewest, size - resting);
    }
    if (fewest >= need) return size;
  }
}

/** Agents each shift must have working: Erlang C's roster figure at its busiest half hour. */
export function agentsNeeded(load: LoadShape): number[] {
  const s = DEFAULT_CALL_SETTINGS;
  return Array.from({ length: SHIFTS }, (_, shift) => {
    let need = 1;
    for (let d = 0; d < 7; d++) {
      for (let h = shift * SHIFT_HOURS; h < (shift + 1) * SHIFT_HOURS; h++) {
        const staffing = requiredAgents({
          contacts: load(h, d),
          ahtSeconds: PLANNED_AHT_SECONDS,
          intervalSeconds: 1800,
          serviceLevelTarget: s.serviceLevelPct / 100,
          serviceLevelSeconds: s.serviceLevelSeconds,
          maxOccupancy: s.maxOccupancyPct / 100,
          shrinkage: s.shrinkagePct / 100,
        });
        need = Math.max(need, staffing.rostered);
      }
    }
    return need;
  });
}

/**
 * Writes the operators: the demo sign-ins first (on the day shift), then the rest of the
 * roster, who cannot sign in until an admin resets their password. Each is created by the
 * admin, with its audit event; the approval limits follow.
 */
export async function seedOperators(
  sqlite: Database.Database,
  opts: { anchor: number; rng: Random; load: LoadShape; journal: AuditJournal },
): Promise<Roster> {
  const insert = sqlite.prepare(
    'INSERT INTO operators (username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
  );
  const hashes = await Promise.all(DEMO_OPERATORS.map((o) => hashPassword(o.password)));
  const since = opts.anchor - TEAM_SINCE_DAYS * DAY;
  return sqlite.transaction(() => {
    let admin = 0;
    let n = 0;
    const create = (username: string, displayName: string, role: string, hash: string): number => {
      const at = since + n++ * 60_000;
      const id = (insert.get(username, displayName, role, hash, new Date(at).toISOString()) as { id: number }).id;
      if (role === 'admin' && !admin) admin = id;
      // The first admin is set up at installation; everyone after is created by them.
      opts.journal.add(
        { at, operatorId: admin === id ? null : admin, role: admin === id ? null : 'admin' },
        {
          action: 'operator.created',
          entityType: 'operator',
          entityId: id,
          after: { username, displayName, role },
        },
      );
      return id;
    };
    const demo = new Map<string, number>();
    const adminFirst = [...DEMO_OPERATORS].sort((a, b) => Number(b.role === 'admin') - Number(a.role === 'admin'));
    for (const o of adminFirst)
      demo.set(o.username, create(o.username, o.displayName, o.role, hashes[DEMO_OPERATORS.indexOf(o)]));

    const staff = { agents: [] as Member[], supervisors: [] as Member[] };
    const person = () => {
      const [sZh, sEn] = opts.rng.pick(SURNAMES);
      const [gZh, gEn] = opts.rng.pick(GIVEN);
      return `${sZh}${gZh} ${gEn} ${sEn}`;
    };
    const needs = agentsNeeded(opts.load);
    needs.forEach((need, shift) => {
      const agents = shiftSize(need);
      const supervisors = Math.max(2, Math.ceil(agents / SUPERVISORS_PER_AGENTS));
      // The demo sign-ins work the day shift (08:00–16:00), when people try the demo.
      const named = shift === 1;
      for (let k = 0; k < agents; k++) {
        const id =
          named && k < 2
            ? demo.get(k === 0 ? 'agent' : 'agent2')!
            : create(`agent${String(staff.agents.length + 1).padStart(3, '0')}`, person(), 'agent', UNUSABLE_HASH);
        staff.agents.push({ id, shift, rest: restDays(k) });
      }
      for (let k = 0; k < supervisors; k++) {
        const id =
          named && k < 2
            ? demo.get(k === 0 ? 'supervisor' : 'supervisor2')!
            : create(
                `lead${String(staff.supervisors.length + 1).padStart(3, '0')}`,
                person(),
                'supervisor',
                UNUSABLE_HASH,
              );
        staff.supervisors.push({ id, shift, rest: restDays(k) });
      }
    });

    const limit = sqlite.prepare(
      "INSERT INTO approval_limits (role, kind, currency, max_minor) VALUES (?, 'refund', 'CNY', ?)",
    );
    for (const l of DEMO_LIMITS) limit.run(l.role, l.maxMinor);
    return new Roster(staff.agents, staff.supervisors, admin);
  })();
}
