import { z } from 'zod';
import { channel, id, shortText } from './define';

/**
 * A saved view of a grid page: its filters plus the grid's column state. Generic:
 * any page stores one under its own `page` key. Kept per operator in the database.
 */
const filterValue = z.union([z.string().max(200), z.number(), z.boolean(), z.null()]);
const columnState = z.strictObject({
  colId: z.string().max(64),
  width: z.number().int().min(0).max(5000).optional(),
  hide: z.boolean().nullable().optional(),
  pinned: z.enum(['left', 'right']).nullable().optional(),
  sort: z.enum(['asc', 'desc']).nullable().optional(),
  sortIndex: z.number().int().min(0).max(100).nullable().optional(),
});

export const MAX_VIEW_STATE_CHARS = 16_000;
export const MAX_VIEWS_PER_PAGE = 50;

export const viewState = z
  .strictObject({
    filters: z.record(z.string().max(64), filterValue),
    columns: z.array(columnState).max(100),
  })
  .refine((s) => JSON.stringify(s).length <= MAX_VIEW_STATE_CHARS, { message: 'view state too large' });

export type ViewState = z.infer<typeof viewState>;

export interface SavedView {
  id: number;
  page: string;
  name: string;
  state: ViewState;
}

const page = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z][a-z0-9_.-]*$/);

export const viewChannels = {
  'views:list': channel<SavedView[]>()({ input: z.strictObject({ page }), permission: 'views.manage' }),
  /** Saves by name: the same name on the same page replaces the earlier view. */
  'views:save': channel<SavedView>()({
    input: z.strictObject({ page, name: shortText.max(60), state: viewState }),
    permission: 'views.manage',
    writes: true,
  }),
  'views:delete': channel<null>()({ input: z.strictObject({ id }), permission: 'views.manage', writes: true }),
};
