import type { Kysely } from 'kysely';
import type { IdentityCheckMark } from '../../../shared/contract/frozen';
import type { IdentityCheck } from '../../../shared/domain/catalog';
import type { DB } from '../../db/schema';
import type { Trx } from '../core/context';

/**
 * The identity checklist, one piece for every case that has one: the freeze cases
 * (identity_checks) and the service cases' identity-security kind (service_case_checks),
 * tables of the same shape. A tick records who and when; an untick removes the mark.
 */
export type ChecklistTable = 'identity_checks' | 'service_case_checks';

export async function recordCheck(
  trx: Trx,
  table: ChecklistTable,
  mark: { caseId: number; kind: IdentityCheck; passed: boolean; operatorId: number; at: string },
): Promise<void> {
  if (mark.passed) {
    await trx
      .insertInto(table)
      .values({ case_id: mark.caseId, check_kind: mark.kind, operator_id: mark.operatorId, at: mark.at })
      .onConflict((oc) =>
        oc.columns(['case_id', 'check_kind']).doUpdateSet({ operator_id: mark.operatorId, at: mark.at }),
      )
      .execute();
  } else {
    await trx.deleteFrom(table).where('case_id', '=', mark.caseId).where('check_kind', '=', mark.kind).execute();
  }
}

/** The checks passed so far, with who recorded each. Works inside a transaction too. */
export async function checkMarks(db: Kysely<DB>, table: ChecklistTable, caseId: number): Promise<IdentityCheckMark[]> {
  const rows = await db
    // The two tables have one shape; the cast names one so the row type is known.
    .selectFrom(`${table} as ic` as 'identity_checks as ic')
    .innerJoin('operators as o', 'o.id', 'ic.operator_id')
    .select(['ic.check_kind', 'ic.operator_id', 'o.display_name', 'ic.at'])
    .where('ic.case_id', '=', caseId)
    .execute();
  return rows.map((k) => ({ kind: k.check_kind, operatorId: k.operator_id, operatorName: k.display_name, at: k.at }));
}
