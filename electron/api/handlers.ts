import { appHandlers } from './app';
import { auditHandlers } from './audit';
import { customerHandlers } from './customers';
import type { Handlers } from './dispatch';
import { operatorHandlers } from './operators';
import { refundHandlers } from './refunds';
import { sessionHandlers } from './session';

/** Every channel's handler. Typed as `Handlers`: a channel without one fails to compile. */
export const handlers: Handlers = {
  ...appHandlers,
  ...sessionHandlers,
  ...operatorHandlers,
  ...auditHandlers,
  ...customerHandlers,
  ...refundHandlers,
};
