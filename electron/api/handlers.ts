import { appHandlers } from './app';
import { auditHandlers } from './audit';
import { callHandlers } from './calls';
import { contactImportHandlers } from './contact-imports';
import { contactHandlers } from './contacts';
import { customerHandlers } from './customers';
import { customer360Handlers } from './customer360';
import { overviewHandlers } from './overview';
import { searchHandlers } from './search';
import { feeHandlers } from './fees';
import type { Handlers } from './dispatch';
import { frozenQueryHandlers } from './frozen';
import { frozenActionHandlers } from './frozen-actions';
import { frozenBulkHandlers } from './frozen-bulk';
import { frozenDecisionHandlers } from './frozen-decisions';
import { noteHandlers } from './notes';
import { viewHandlers } from './views';
import { operatorHandlers } from './operators';
import { refundHandlers } from './refunds';
import { sessionHandlers } from './session';
import { setupHandlers } from '../setup/handlers';

/** Every channel's handler. Typed as `Handlers`: a channel without one fails to compile. */
export const handlers: Handlers = {
  ...appHandlers,
  ...sessionHandlers,
  ...setupHandlers,
  ...operatorHandlers,
  ...auditHandlers,
  ...customerHandlers,
  ...customer360Handlers,
  ...searchHandlers,
  ...overviewHandlers,
  ...frozenQueryHandlers,
  ...frozenActionHandlers,
  ...frozenDecisionHandlers,
  ...frozenBulkHandlers,
  ...viewHandlers,
  ...noteHandlers,
  ...refundHandlers,
  ...callHandlers,
  ...contactHandlers,
  ...contactImportHandlers,
  ...feeHandlers,
};
