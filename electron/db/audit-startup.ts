import type Database from 'better-sqlite3';
import type { ChainReport } from '../../shared/contract/audit';
import { appendAuditSync } from './audit';
import { readCheckpoint, type AuditAnchor } from './audit-anchor';
import { auditTriggerDamage, repairAuditTriggers } from './audit-triggers';
import { raiseWarning } from './integrity-warnings';

export interface AuditStartReport {
  /** The chain from the last signed checkpoint; null while a long stretch is verified after start. */
  chain: ChainReport | null;
  /** The chain's report once it is known, and its findings recorded (at once for a short stretch). */
  chainChecked: Promise<ChainReport>;
  triggersRestored: string[];
  triggersRemoved: string[];
}

/**
 * Where a stretch of the chain too long to verify before serving is verified instead (the
 * checks thread), and from how many events on (CHAIN_AT_START_EVENTS; tests lower it).
 */
export interface ChainAfterStart {
  above: number;
  verify: () => Promise<ChainReport>;
}

/**
 * A fifth of a second of hashing before serving (a copy of the `huge` scale without its
 * checkpoint holds 2.3M events: 19 s before anyone could sign in, on 2026-12-03).
 */
export const CHAIN_AT_START_EVENTS = 20_000;

/**
 * The audit trail's check at every start:
 * 1. verify the chain from the last signed checkpoint (its head, then every newer event);
 * 2. put back the append-only triggers if someone dropped or altered them;
 * each finding is an audit event and a warning to the administrators. A chain that fails
 * stops new checkpoints, so the last good one stays as evidence.
 *
 * The chain is verified before the host serves, unless more events than `afterStart.above`
 * follow the checkpoint (a copy that came without one): that stretch is verified off main while
 * the host serves, and no checkpoint is written until it is found intact.
 */
export async function checkAuditAtStart(
  sqlite: Database.Database,
  anchor: AuditAnchor,
  opts: { fresh: boolean; now?: () => Date; afterStart?: ChainAfterStart },
): Promise<AuditStartReport> {
  const now = opts.now ?? (() => new Date());
  const onDisk = readCheckpoint(anchor.file, anchor.key);
  const damage = auditTriggerDamage(sqlite);

  const record = (action: string, after: Record<string, unknown>) =>
    appendAuditSync(sqlite, {
      at: now().toISOString(),
      operatorId: null,
      operatorRole: null,
      action,
      entityType: 'audit',
      entityId: null,
      after,
      host: 'system',
    });

  /**
   * A broken chain is recorded and freezes the checkpoints; an intact one resumes them. Without
   * a checkpoint the walk went from the first event, so it also tells whether any was signed:
   * a signed chain whose checkpoint has gone is a finding too. (Looking for a signed event
   * with a query reads every event of an unsigned chain: 3.7 s at the `huge` scale.) A file
   * that is there but does not verify is the chain's finding, not a missing one.
   */
  const settle = (chain: ChainReport) => {
    const checkpointMissing = onDisk === null && !opts.fresh && chain.anchored > 0;
    sqlite
      .transaction(() => {
        if (checkpointMissing) {
          record('audit.checkpointMissing', { file: anchor.file });
          raiseWarning(sqlite, 'AUDIT_CHECKPOINT_MISSING', { file: anchor.file });
        }
        if (!chain.intact) {
          record('audit.chainBroken', {
            problem: chain.problem,
            firstBrokenId: chain.firstBrokenId,
            checkpoint: chain.checkpoint,
          });
          raiseWarning(sqlite, 'AUDIT_CHAIN_BROKEN', { problem: chain.problem, firstBrokenId: chain.firstBrokenId });
        }
      })
      .immediate();
    if (chain.intact) anchor.release();
    else anchor.freeze();
    return chain;
  };

  const afterStart = !opts.fresh && opts.afterStart && stretchToVerify(sqlite, anchor) > opts.afterStart.above;
  // Nothing is signed while the stretch is unverified, including the findings below.
  anchor.hold();
  const chain = afterStart ? null : await anchor.verify(true);

  sqlite
    .transaction(() => {
      if (damage.restored.length || damage.removed.length) {
        repairAuditTriggers(sqlite, damage);
        record('audit.triggersRestored', { restored: damage.restored, removed: damage.removed });
        raiseWarning(sqlite, 'AUDIT_TRIGGERS_RESTORED', {
          restored: damage.restored.join(', ') || null,
          removed: damage.removed.join(', ') || null,
        });
      }
    })
    .immediate();

  const chainChecked = chain ? Promise.resolve(settle(chain)) : verifyAfterStart(opts.afterStart!, anchor).then(settle);
  return { chain, chainChecked, triggersRestored: damage.restored, triggersRemoved: damage.removed };
}

/** Events after the last checkpoint (all of them when there is none). */
function stretchToVerify(sqlite: Database.Database, anchor: AuditAnchor): number {
  const head = (sqlite.prepare('SELECT max(id) AS id FROM audit_events').get() as { id: number | null }).id ?? 0;
  return head - (anchor.current()?.count ?? 0);
}

/** The checks thread's walk; if that thread fails, the same walk chunked on main (slower, never skipped). */
function verifyAfterStart(afterStart: ChainAfterStart, anchor: AuditAnchor): Promise<ChainReport> {
  return afterStart.verify().catch(() => anchor.verify(true));
}
