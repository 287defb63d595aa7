import type Database from 'better-sqlite3';

let seq = 0;

/** A customer with one account and a few settled payments; returns the ids. */
export function makeCustomerAccount(
  sqlite: Database.Database,
  o: { status?: 'active' | 'frozen' | 'closed'; balanceMinor?: number; payments?: number } = {},
): { customerId: number; accountId: number; txnIds: number[] } {
  seq++;
  const customerId = Number(
    sqlite
      .prepare(
        `INSERT INTO customers (name_zh, name_en, phone, id_tail, kyc_level, segment, registered_at)
         VALUES (?, ?, ?, '5678', 2, 'standard', '2025-01-01T00:00:00.000Z')`,
      )
      .run(`案例${seq}`, `Case Person${seq}`, `137${String(seq).padStart(8, '0')}`).lastInsertRowid,
  );
  const accountId = Number(
    sqlite
      .prepare('INSERT INTO accounts (account_no, customer_id, currency, balance_minor, status) VALUES (?, ?, ?, ?, ?)')
      .run(`88${String(seq).padStart(10, '0')}`, customerId, 'CNY', o.balanceMinor ?? 0, o.status ?? 'active')
      .lastInsertRowid,
  );
  const txnIds: number[] = [];
  for (let i = 0; i < (o.payments ?? 2); i++) {
    txnIds.push(
      Number(
        sqlite
          .prepare(
            `INSERT INTO transactions (txn_no, account_id, operation, channel, amount_minor, fee_minor, currency, status,
               payment_method, counterparty, created_at)
             VALUES (?, ?, 'transfer', 'in_app', ?, 0, 'CNY', 'settled', 'bank_card:6222****1111', ?, ?)`,
          )
          .run(`TC${seq}-${i}`, accountId, 10_000 * (i + 1), `payee-${seq}-${i}`, `2026-03-0${i + 1}T02:00:00.000Z`)
          .lastInsertRowid,
      ),
    );
  }
  return { customerId, accountId, txnIds };
}

export function accountStatusOf(sqlite: Database.Database, accountId: number): string {
  return (sqlite.prepare('SELECT status FROM accounts WHERE id = ?').get(accountId) as { status: string }).status;
}
