import type { Handlers } from '../core/dispatch';
import { frozenActionHandlers } from './actions';
import { frozenBulkHandlers } from './bulk';
import { frozenDecisionHandlers } from './decisions';
import { caseDetailFor } from './detail';
import { listCases } from './queries';

/** The frozen-accounts domain's channels: the queue, working a case, deciding it, and bulk. */
export const frozenHandlers = {
  'frozen:list': listCases,
  'frozen:get': (ctx, { id }) => caseDetailFor(ctx, id),
  ...frozenActionHandlers,
  ...frozenDecisionHandlers,
  ...frozenBulkHandlers,
} satisfies Partial<Handlers>;
