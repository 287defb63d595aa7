import type { Handlers } from '../core/dispatch';
import { caseDecisionHandlers } from './decisions';
import { loadServiceCase } from './detail';
import { freezeHandlers } from './freeze';
import { complaintHandlers } from './complaints';
import { fraudHandlers } from './fraud';
import { closureHandlers } from './closure';
import { identityHandlers } from './identity';
import { complaintClockHandlers } from './complaint-clock';
import { listServiceCases } from './queries';
import { serviceCaseFigures } from './figures';

/** The service-case domain's channels (issue 16): the queue, manual freezes, and the four-eyes steps. */
export const serviceCaseHandlers = {
  'cases:list': listServiceCases,
  'cases:get': (ctx, { id }) => loadServiceCase(ctx.db, id),
  'cases:figures': (ctx) => serviceCaseFigures(ctx),
  ...freezeHandlers,
  ...caseDecisionHandlers,
  ...complaintHandlers,
  ...fraudHandlers,
  ...closureHandlers,
  ...identityHandlers,
  ...complaintClockHandlers,
} satisfies Partial<Handlers>;
