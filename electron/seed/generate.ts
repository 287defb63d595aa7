import type Database from 'better-sqlite3';
import { appendAuditSync } from '../db/audit';
import { hashPassword } from '../api/session/passwords';
import { generateContacts } from './contacts';
import { writeCustomers, type World } from './customers';
import { FREEZE_CASE_TARGET, topUpFreezeCases } from './frozen';
import { seedLargePayments } from './refunds';
import { businessMonth, seedFeeSchedule } from './fees';
import { Random } from './random';

export type Scale = 'demo' | 'large' | 'huge';

export const SCALES: Record<Scale, { customers: number; transactions: number; contacts: number }> = {
  demo: { customers: 3_000, transactions: 30_000, contacts: 40_000 },
  large: { customers: 100_000, transactions: 1_000_000, contacts: 1_000_000 },
  huge: { customers: 1_000_000, transactions: 10_000_000, contacts: 10_000_000 },
};

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

export interface GenerateOptions {
  scale: Scale;
  seed: number;
  /** The generated history ends here; defaults to now, rounded down to 15 minutes. */
  anchor?: Date;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface GenerateSummary {
  customers: number;
  transactions: number;
  freezeCases: number;
  refunds: number;
  contacts: number;
  millis: number;
}

const DAY = 86_400_000;
const BATCH = 20_000;

/**
 * Writes a complete, consistent demo dataset into a freshly migrated database.
 * Deterministic: the same seed and anchor give the same rows. Rows stream out in
 * batched transactions; rollups are filled as contacts are written.
 */
export async function generateDataset(sqlite: Database.Database, opts: GenerateOptions): Promise<GenerateSummary> {
  const started = performance.now();
  const size = SCALES[opts.scale];
  const rng = new Random(opts.seed);
  const anchor = opts.anchor ? opts.anchor.getTime() : Math.floor(Date.now() / (15 * 60_000)) * 15 * 60_000;
  const progress = opts.onProgress ?? (() => {});

  // Rows arrive in customer order, so the time and amount indexes take random inserts:
  // a large page cache keeps those B-trees in memory while generating.
  const previousCache = sqlite.pragma('cache_size', { simple: true });
  sqlite.pragma('cache_size = -524288');
  const operatorIds = await seedOperators(sqlite, anchor);
  const world: World = {
    rng,
    seed: opts.seed,
    anchor,
    size,
    rules: seedFeeSchedule(sqlite, anchor, operatorIds),
    monthOf: businessMonth(sqlite),
    agents: operatorIds.filter((o) => o.role === 'agent').map((o) => o.id),
    supervisors: operatorIds.filter((o) => o.role === 'supervisor').map((o) => o.id),
    counters: { txnId: 0, refunds: 0, cases: 0 },
  };

  const caseLinks = writeCustomers(sqlite, world, progress);
  const { counters } = world;
  counters.cases += topUpFreezeCases(sqlite, FREEZE_CASE_TARGET[opts.scale], opts.seed, anchor);

  const contacts = generateContacts(sqlite, {
    rng,
    total: size.contacts,
    anchor,
    seed: opts.seed,
    accounts: size.customers,
    agents: world.agents,
    caseLinks,
    batch: BATCH,
    onProgress: (done, total) => progress('contacts', done, total),
  });

  counters.txnId += seedLargePayments(sqlite, {
    seed: opts.seed,
    anchor,
    firstId: counters.txnId + 1,
    accounts: size.customers,
    count: 60,
  });

  sqlite.transaction(() => {
    sqlite.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('demo', 'true')").run();
    appendAuditSync(sqlite, {
      at: new Date(anchor).toISOString(),
      operatorId: null,
      operatorRole: null,
      action: 'demo.seeded',
      entityType: 'database',
      entityId: null,
      after: { scale: opts.scale, seed: opts.seed, customers: size.customers, transactions: counters.txnId, contacts },
      host: 'system',
    });
  })();

  sqlite.pragma(`cache_size = ${previousCache}`);
  return {
    customers: size.customers,
    transactions: counters.txnId,
    freezeCases: counters.cases,
    refunds: counters.refunds,
    contacts,
    millis: Math.round(performance.now() - started),
  };
}

async function seedOperators(sqlite: Database.Database, anchor: number) {
  const insert = sqlite.prepare(
    'INSERT INTO operators (username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
  );
  const hashes = await Promise.all(DEMO_OPERATORS.map((o) => hashPassword(o.password)));
  return sqlite.transaction(() => {
    const ids = DEMO_OPERATORS.map((o, i) => ({
      id: (
        insert.get(o.username, o.displayName, o.role, hashes[i], new Date(anchor - 400 * DAY).toISOString()) as {
          id: number;
        }
      ).id,
      role: o.role,
    }));
    const limit = sqlite.prepare(
      "INSERT INTO approval_limits (role, kind, currency, max_minor) VALUES (?, 'refund', 'CNY', ?)",
    );
    for (const l of DEMO_LIMITS) limit.run(l.role, l.maxMinor);
    return ids;
  })();
}
