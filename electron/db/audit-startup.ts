import type Database from 'better-sqlite3';
import type { ChainReport } from '../../shared/contract/audit';
import { appendAuditSync } from './audit';
import type { AuditAnchor } from './audit-anchor';
import { auditTriggerDamage, repairAuditTriggers } from './audit-triggers';
import { raiseWarning } from './integrity-warnings';

export interface AuditStartReport {
  chain: ChainReport;
  triggersRestored: string[];
  triggersRemoved: string[];
  checkpointMissing: boolean;
}

/**
 * The audit trail's check at every start, before the host serves anyone:
 * 1. verify the chain from the last signed checkpoint (its head, then every newer event);
 * 2. put back the append-only triggers if someone dropped or altered them;
 * each finding is an audit event and a warning to the administrators. A chain that fails
 * stops new checkpoints, so the last good one stays as evidence.
 */
export async function checkAuditAtStart(
  sqlite: Database.Database,
  anchor: AuditAnchor,
  opts: { fresh: boolean; now?: () => Date },
): Promise<AuditStartReport> {
  const now = opts.now ?? (() => new Date());
  const hadCheckpoint = anchor.current() !== null;
  const chain = await anchor.verify(true);
  const signedEvents =
    (sqlite.prepare('SELECT 1 FROM audit_events WHERE mac IS NOT NULL LIMIT 1').get() ?? null) !== null;
  const checkpointMissing = !hadCheckpoint && chain.problem !== 'checkpoint_invalid' && signedEvents && !opts.fresh;
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
      if (!chain.intact) {
        record('audit.chainBroken', {
          problem: chain.problem,
          firstBrokenId: chain.firstBrokenId,
          checkpoint: chain.checkpoint,
        });
        raiseWarning(sqlite, 'AUDIT_CHAIN_BROKEN', { problem: chain.problem, firstBrokenId: chain.firstBrokenId });
      }
      if (checkpointMissing) {
        record('audit.checkpointMissing', { file: anchor.file });
        raiseWarning(sqlite, 'AUDIT_CHECKPOINT_MISSING', { file: anchor.file });
      }
    })
    .immediate();

  if (chain.intact) anchor.sync();
  else anchor.freeze();
  return { chain, triggersRestored: damage.restored, triggersRemoved: damage.removed, checkpointMissing };
}
