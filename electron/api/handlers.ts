import { appHandlers } from './app/handlers';
import { auditHandlers } from './audit/handlers';
import { callsHandlers } from './calls/handlers';
import type { Handlers } from './core/dispatch';
import { customersHandlers } from './customers/handlers';
import { feeHandlers } from './fees/handlers';
import { integrityHandlers } from './integrity/handlers';
import { backupHandlers } from './backups/handlers';
import { recoveryHandlers } from './recovery/handlers';
import { frozenHandlers } from './frozen/handlers';
import { operatorHandlers } from './operators/handlers';
import { overviewHandlers } from './overview/handlers';
import { refundHandlers } from './refunds/handlers';
import { sessionHandlers } from './session/handlers';
import { setupHandlers } from './setup/handlers';
import { serviceCaseHandlers } from './cases/handlers';
import { workspaceHandlers } from './workspace/handlers';

/** Every channel's handler. Typed as `Handlers`: a channel without one fails to compile. */
export const handlers: Handlers = {
  ...appHandlers,
  ...sessionHandlers,
  ...setupHandlers,
  ...operatorHandlers,
  ...auditHandlers,
  ...customersHandlers,
  ...overviewHandlers,
  ...frozenHandlers,
  ...workspaceHandlers,
  ...refundHandlers,
  ...callsHandlers,
  ...feeHandlers,
  ...integrityHandlers,
  ...backupHandlers,
  ...recoveryHandlers,
  ...serviceCaseHandlers,
};
