import type Database from 'better-sqlite3';
import { MERCHANTS } from './names';
import { Random } from './random';

const DAY = 86_400_000;

/**
 * Big-ticket card payments (flights, electronics): the everyday demo payments are small,
 * and a refund queue needs some above a supervisor's attention (¥500) and a few above
 * ¥20,000. Paid by bank card, so no wallet balance changes. Its own PRNG stream, so the
 * rest of the demo data stays exactly as it was. Returns how many transactions it wrote.
 */
export function seedLargePayments(
  sqlite: Database.Database,
  opts: { seed: number; anchor: number; firstId: number; accounts: number; count: number },
): number {
  const rng = new Random(opts.seed * 7_919 + 17);
  const insert = sqlite.prepare(
    `INSERT INTO transactions (id, txn_no, account_id, operation, channel, amount_minor, fee_minor, currency, status, merchant,
       payment_method, created_at, settled_at)
     SELECT ?, ?, a.id, 'payment', 'in_app', ?, 0, 'CNY', 'settled', ?, ?, ?, ?
     FROM accounts a WHERE a.id = ? AND a.status = 'active'`,
  );
  let written = 0;
  sqlite.transaction(() => {
    for (let i = 0; i < opts.count; i++) {
      const id = opts.firstId + written;
      const at = opts.anchor - rng.int(1, 60) * DAY - rng.int(0, DAY);
      // Mostly ¥1,000–¥9,000; one in ten ¥20,000–¥60,000.
      const amount = rng.chance(0.1) ? rng.int(200, 600) * 10_000 : rng.int(100, 900) * 1_000;
      const card = `bank_card:${rng.pick(['6222', '6217', '6228'])}****${rng.int(1000, 9999)}`;
      const info = insert.run(
        id,
        `T${String(id).padStart(11, '0')}`,
        amount,
        rng.pick(MERCHANTS),
        card,
        new Date(at).toISOString(),
        new Date(at + 1_000).toISOString(),
        rng.int(1, opts.accounts),
      );
      written += info.changes;
    }
  })();
  return written;
}
