import type Database from 'better-sqlite3';
import { init } from './0010-init';
import { searchIndexes } from './0060-search-indexes';
import { frozenReview } from './0020-frozen-review';
import { refunds } from './0030-refunds';
import { callVolumes } from './0050-call-volumes';
import { fees } from './0040-fees';
import { idempotencyPayload } from './0090-idempotency-payload';
import { signInThrottle } from './0100-sign-in-throttle';
import { gridIndexes } from './0110-grid-indexes';
import { freezeRules } from './0120-freeze-rules';
import { serviceCases } from './0130-service-cases';
import { complaints } from './0140-complaints';
import { recordings } from './0150-recordings';
import { queueIndexes } from './0160-queue-indexes';
import { auditMac } from './0170-audit-mac';
import { overviewIndexes } from './0180-overview-indexes';
import { identitySecurity } from './0200-identity-security';
import { caseQueueIndexes } from './0220-case-queue-indexes';
import { changeMarks } from './0230-change-marks';
import { rollupRebuild } from './0250-rollup-rebuild';
import { requesterQueueIndexes } from './0260-requester-queue-indexes';
import { feeScanPacked } from './0270-fee-scan-packed';

export interface Migration {
  /** Steps of 10, so a fix can slot in between without renumbering. */
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/** Every migration in order. Never edit one that has shipped; add the next. */
export const MIGRATIONS: Migration[] = [
  init,
  frozenReview,
  refunds,
  fees,
  callVolumes,
  searchIndexes,
  idempotencyPayload,
  signInThrottle,
  gridIndexes,
  freezeRules,
  serviceCases,
  complaints,
  recordings,
  queueIndexes,
  auditMac,
  overviewIndexes,
  identitySecurity,
  caseQueueIndexes,
  changeMarks,
  rollupRebuild,
  requesterQueueIndexes,
  feeScanPacked,
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
