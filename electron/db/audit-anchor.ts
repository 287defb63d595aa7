import { createHmac, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import fs from 'node:fs';
import type { AuditCheckpoint, ChainReport } from '../../shared/contract/audit';
import { keyId } from './audit-key';
import { verifyChain } from './audit-verify';
import { writeFileAtomic } from './secure-files';

/**
 * Anchors the audit chain outside the database: a signed checkpoint (event count, head hash)
 * in a file beside it, rewritten after every call that added events. Whoever can edit the
 * database file cannot make the tail shorter, or a re-hashed chain match, without the key.
 */
export function checkpointFileOf(dbPath: string): string {
  return `${dbPath}.checkpoint`;
}

type Unsigned = Omit<AuditCheckpoint, 'mac'>;

function checkpointMac(key: Buffer, c: Unsigned): string {
  const text = JSON.stringify([
    'wallet-ops-console/audit/checkpoint/v1',
    c.count,
    c.headHash,
    c.macFrom,
    c.at,
    c.keyId,
  ]);
  return createHmac('sha256', key).update(text).digest('hex');
}

export function signCheckpoint(key: Buffer, c: Omit<Unsigned, 'keyId'>): AuditCheckpoint {
  const unsigned = { ...c, keyId: keyId(key) };
  return { ...unsigned, mac: checkpointMac(key, unsigned) };
}

/** A checkpoint whose signature holds under `key`; 'invalid' for anything else, null when there is none. */
export function checkCheckpoint(key: Buffer, value: unknown): AuditCheckpoint | 'invalid' {
  const c = value as AuditCheckpoint;
  const wellFormed =
    c !== null &&
    typeof c === 'object' &&
    Number.isSafeInteger(c.count) &&
    c.count >= 0 &&
    typeof c.headHash === 'string' &&
    (c.macFrom === null || Number.isSafeInteger(c.macFrom)) &&
    typeof c.at === 'string' &&
    typeof c.keyId === 'string' &&
    typeof c.mac === 'string' &&
    /^[0-9a-f]{64}$/.test(c.mac);
  if (!wellFormed) return 'invalid';
  const expected = Buffer.from(checkpointMac(key, c), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(c.mac, 'hex'))) return 'invalid';
  const { count, headHash, macFrom, at, keyId: id, mac } = c;
  return { count, headHash, macFrom, at, keyId: id, mac };
}

export function readCheckpoint(file: string, key: Buffer): AuditCheckpoint | 'invalid' | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    return checkCheckpoint(key, JSON.parse(text));
  } catch {
    return 'invalid';
  }
}

export interface AuditAnchor {
  key: Buffer;
  file: string;
  /** The last checkpoint this process wrote or verified. */
  current(): AuditCheckpoint | null;
  /** Writes a new checkpoint if events were added since the last one (after every call). */
  sync(): void;
  /** Stops writing checkpoints: the chain failed verification and the last good one is evidence. */
  freeze(): void;
  frozen(): boolean;
  /**
   * No checkpoints until release(): a long stretch of the chain is being verified off main
   * after start, and a checkpoint must never vouch for events nobody has checked.
   */
  hold(): void;
  /** The held stretch verified intact: checkpoints resume, starting with one now. */
  release(): void;
  /** Starts over from the chain as it is now (after a verified restore). */
  reset(): void;
  /** The whole chain against the key and the checkpoint file (the "Verify chain" button). */
  verify(fromCheckpoint?: boolean): Promise<ChainReport>;
  /** A checkpoint of the chain as it is this moment, for an export or a backup. */
  snapshot(): AuditCheckpoint;
}

const anchors = new WeakMap<Database.Database, AuditAnchor>();

/**
 * The anchor installed on this connection by the host at boot, or null (tests, scripts, and
 * team mode: a PostgreSQL engine has no SQLite connection and, for now, no anchor).
 */
export function anchorOf(sqlite: Database.Database | null): AuditAnchor | null {
  return (sqlite && anchors.get(sqlite)) ?? null;
}

export function installAuditAnchor(sqlite: Database.Database, key: Buffer, file: string): AuditAnchor {
  const head = sqlite.prepare('SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1');
  const firstMac = sqlite.prepare('SELECT id FROM audit_events WHERE id > ? AND mac IS NOT NULL ORDER BY id LIMIT 1');
  const onDisk = readCheckpoint(file, key);
  let last: AuditCheckpoint | null = onDisk === 'invalid' ? null : onDisk;
  let isFrozen = false;
  let held = false;

  const snapshot = (): AuditCheckpoint => {
    const h = head.get() as { id: number; hash: string } | undefined;
    let macFrom = last?.macFrom ?? null;
    if (macFrom === null && h) macFrom = (firstMac.get(last?.count ?? 0) as { id: number } | undefined)?.id ?? null;
    return signCheckpoint(key, {
      count: h?.id ?? 0,
      headHash: h?.hash ?? '',
      macFrom,
      at: new Date().toISOString(),
    });
  };

  const anchor: AuditAnchor = {
    key,
    file,
    current: () => last,
    sync() {
      if (isFrozen || held) return;
      const h = head.get() as { id: number } | undefined;
      if (last && (h?.id ?? 0) === last.count) return;
      last = snapshot();
      writeFileAtomic(file, JSON.stringify(last, null, 2));
    },
    freeze: () => void (isFrozen = true),
    frozen: () => isFrozen,
    hold: () => void (held = true),
    release() {
      held = false;
      anchor.sync();
    },
    reset() {
      isFrozen = false;
      last = null;
      fs.rmSync(file, { force: true });
      anchor.sync();
    },
    verify: (fromCheckpoint = false) =>
      verifyChain(sqlite, { key, checkpoint: readCheckpoint(file, key), fromCheckpoint }),
    snapshot,
  };
  anchors.set(sqlite, anchor);
  return anchor;
}
