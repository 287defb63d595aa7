import { appHandlers } from './app';
import { auditHandlers } from './audit';
import { customerHandlers } from './customers';
import { feeHandlers } from './fees';
import type { Handlers } from './dispatch';
import { operatorHandlers } from './operators';
import { sessionHandlers } from './session';

/** Every channel's handler. Typed as `Handlers`: a channel without one fails to compile. */
export const handlers: Handlers = {
  ...appHandlers,
  ...sessionHandlers,
  ...operatorHandlers,
  ...auditHandlers,
  ...customerHandlers,
  ...feeHandlers,
};
