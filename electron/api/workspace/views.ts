import { AppError } from '../../../shared/contract/errors';
import { MAX_VIEWS_PER_PAGE, viewState, type SavedView } from '../../../shared/contract/views';
import type { Handlers } from '../core/dispatch';
import { change } from '../core/change';

function toView(r: { id: number; page: string; name: string; state_json: string }): SavedView {
  // Stored state went through the same schema on save; parse again so a hand-edited row cannot break a page.
  const parsed = viewState.safeParse(JSON.parse(r.state_json));
  return { id: r.id, page: r.page, name: r.name, state: parsed.success ? parsed.data : { filters: {}, columns: [] } };
}

/** Saved grid views (filters + column state), per operator and page. Generic: any page may use them. */
export const viewHandlers: Pick<Handlers, 'views:list' | 'views:save' | 'views:delete'> = {
  async 'views:list'(ctx, { page }) {
    const rows = await ctx.db
      .selectFrom('saved_views')
      .select(['id', 'page', 'name', 'state_json'])
      .where('operator_id', '=', ctx.session.operatorId)
      .where('page', '=', page)
      .orderBy('name')
      .execute();
    return rows.map(toView);
  },

  async 'views:save'(ctx, { page, name, state }) {
    const me = ctx.session.operatorId;
    const row = await change(ctx, async ({ trx, audit }) => {
      const existing = await trx
        .selectFrom('saved_views')
        .select(['id', 'name'])
        .where('operator_id', '=', me)
        .where('page', '=', page)
        .execute();
      if (!existing.some((v) => v.name === name) && existing.length >= MAX_VIEWS_PER_PAGE) {
        throw new AppError('TOO_MANY_VIEWS', `At most ${MAX_VIEWS_PER_PAGE} views per page`);
      }
      const saved = await trx
        .insertInto('saved_views')
        .values({ operator_id: me, page, name, state_json: JSON.stringify(state) })
        .onConflict((oc) =>
          oc.columns(['operator_id', 'page', 'name']).doUpdateSet({ state_json: JSON.stringify(state) }),
        )
        .returning(['id', 'page', 'name', 'state_json'])
        .executeTakeFirstOrThrow();
      await audit({
        action: 'view.saved',
        entityType: 'saved_view',
        entityId: saved.id,
        after: { page, name },
      });
      return saved;
    });
    ctx.emit('views:changed', { page });
    return toView(row);
  },

  async 'views:delete'(ctx, { id }) {
    const me = ctx.session.operatorId;
    const page = await change(ctx, async ({ trx, audit }) => {
      const view = await trx
        .selectFrom('saved_views')
        .select(['id', 'page', 'name'])
        .where('id', '=', id)
        .where('operator_id', '=', me)
        .executeTakeFirst();
      // Another operator's view is as good as missing: views are private.
      if (!view) throw new AppError('NOT_FOUND', `No saved view ${id}`);
      await trx.deleteFrom('saved_views').where('id', '=', id).execute();
      await audit({
        action: 'view.deleted',
        entityType: 'saved_view',
        entityId: id,
        before: { page: view.page, name: view.name },
      });
      return view.page;
    });
    ctx.emit('views:changed', { page });
    return null;
  },
};
