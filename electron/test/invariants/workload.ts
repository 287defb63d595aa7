import type Database from 'better-sqlite3';
import { LIVE_CHANNELS } from '../../../shared/domain/contact-kpis';
import { sqlList } from '../../../shared/domain/catalog';
import { requiredAgents } from '../../../shared/domain/erlang';
import { readSettings } from '../../db/settings';
import { refundSla } from './refunds';

/** "About 10–25% overdue": a queue under control, with some overdue work to show. */
export const OVERDUE_BAND = { min: 0.1, max: 0.25 } as const;
/** Below this many open items a share says nothing. */
const MIN_QUEUE = 20;
/** One shift's work: nobody handles more than eight hours of talk, hold and after-call work in a day. */
export const SHIFT_SECONDS = 8 * 3_600;

/** The freeze and refund queues whose overdue share at `now` lies outside OVERDUE_BAND. */
export function slaOutOfBand(sqlite: Database.Database, now: string): unknown[] {
  const cases = sqlite
    .prepare('SELECT count(*) AS open, coalesce(sum(sla_due_at < ?), 0) AS overdue FROM freeze_cases WHERE active = 1')
    .get(now) as { open: number; overdue: number };
  return [
    { queue: 'freeze cases', ...cases },
    { queue: 'refund requests', ...refundSla(sqlite, now) },
  ]
    .map((q) => ({ ...q, share: q.open ? q.overdue / q.open : 0 }))
    .filter((q) => q.open >= MIN_QUEUE && (q.share < OVERDUE_BAND.min || q.share > OVERDUE_BAND.max));
}

/**
 * The staff roster against the volumes: at least as many agents as Erlang C puts on the
 * roster for the busiest half hour of live contacts (the staffing page's own figure, at
 * the configured targets), no agent handling more than a shift's work in a UTC day, and
 * every handled contact answered by an agent or a supervisor.
 */
export function rosterShortfalls(sqlite: Database.Database): unknown[] {
  const calls = readSettings(sqlite).calls;
  const live = sqlList(LIVE_CHANNELS);
  const peak = sqlite
    .prepare(
      `SELECT substr(bucket, 1, 14) || CASE WHEN substr(bucket, 15, 2) < '30' THEN '00' ELSE '30' END AS slot,
              sum(contacts) AS contacts FROM contact_rollup WHERE channel IN (${live}) GROUP BY slot ORDER BY contacts DESC LIMIT 1`,
    )
    .get() as { slot: string; contacts: number } | undefined;
  if (!peak) return [];
  const handled = sqlite
    .prepare(`SELECT sum(handle_seconds) AS s, sum(answered) AS n FROM contact_rollup WHERE channel IN (${live})`)
    .get() as { s: number; n: number };
  const staffing = requiredAgents({
    contacts: peak.contacts,
    ahtSeconds: handled.n ? handled.s / handled.n : calls.ahtTargetSeconds,
    intervalSeconds: 1800,
    serviceLevelTarget: calls.serviceLevelPct / 100,
    serviceLevelSeconds: calls.serviceLevelSeconds,
    maxOccupancy: calls.maxOccupancyPct / 100,
    shrinkage: calls.shrinkagePct / 100,
  });
  const agents = (
    sqlite.prepare("SELECT count(*) AS n FROM operators WHERE role = 'agent' AND disabled = 0").get() as { n: number }
  ).n;
  const found: unknown[] = [];
  if (agents < staffing.rostered) {
    found.push({
      problem: 'fewer agents than the busiest half hour needs',
      agents,
      needed: staffing.rostered,
      ...peak,
    });
  }
  found.push(
    ...sqlite
      .prepare(
        `SELECT agent_id, substr(started_at, 1, 10) AS day, sum(talk_seconds + hold_seconds + acw_seconds) AS seconds,
                'more than a shift of work in a day' AS problem
           FROM contacts WHERE agent_id IS NOT NULL GROUP BY agent_id, day HAVING seconds > ${SHIFT_SECONDS} LIMIT 10`,
      )
      .all(),
    ...sqlite
      .prepare(
        `SELECT k.agent_id, o.role, count(*) AS contacts, 'answered by someone not on the phones' AS problem
           FROM contacts k JOIN operators o ON o.id = k.agent_id WHERE o.role NOT IN ('agent', 'supervisor') GROUP BY k.agent_id`,
      )
      .all(),
  );
  return found;
}
