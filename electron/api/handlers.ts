import { appHandlers } from './app';
import { auditHandlers } from './audit';
import { callHandlers } from './calls';
import { contactImportHandlers } from './contact-imports';
import { contactHandlers } from './contacts';
import { customerHandlers } from './customers';
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
  ...callHandlers,
  ...contactHandlers,
  ...contactImportHandlers,
};
