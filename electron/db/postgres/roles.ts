import type pg from 'pg';
import { AppError } from '../../../shared/contract/errors';

/**
 * Least privilege in team mode. The database's owner role runs the migrations (`npm run
 * db:migrate`, or any start as the owner) and owns every table, trigger and function. Desktops
 * sign in to PostgreSQL as members of the group role below, which may read and write the
 * console's rows but cannot UPDATE, DELETE or TRUNCATE the audit trail, touch the migration
 * history, or drop or disable a trigger (only an owner can alter a table). The DBA creates the
 * role; the owner's migration run grants it (again after every migration, so new tables are covered).
 */
export const DESKTOP_ROLE = 'wallet_ops_desktop';

const GRANTS = `
  GRANT USAGE ON SCHEMA public TO ${DESKTOP_ROLE};
  GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${DESKTOP_ROLE};
  REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM ${DESKTOP_ROLE};
  REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM ${DESKTOP_ROLE};
  GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${DESKTOP_ROLE};
`;

/** Grants the desktop role its rights when the role exists and we may grant them (we own the tables). */
export async function grantDesktopRole(client: pg.ClientBase): Promise<boolean> {
  const r = await client.query<{ role: boolean; owner: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS role,
            pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = 'public.audit_events'::regclass), 'USAGE')
              AS owner`,
    [DESKTOP_ROLE],
  );
  if (!r.rows[0].role || !r.rows[0].owner) return false;
  await client.query(GRANTS);
  return true;
}

/** A desktop's role met a database that needs migrating, which only the owner role may do. */
export async function refuseMigrationWithoutOwner(client: pg.ClientBase, current: number, latest: number) {
  const r = await client.query<{ create: boolean }>(`SELECT has_schema_privilege('public', 'CREATE') AS create`);
  if (r.rows[0].create) return;
  throw new AppError(
    'INTERNAL',
    `The team database is at schema ${current} and this app needs ${latest}, but this desktop's database role may not change the schema. Ask the database administrator to run the migrations as the owner role (npm run db:migrate -- --db postgres://owner@…), then start again.`,
  );
}
