import type { Handlers } from '../core/dispatch';
import { contactHandlers } from './contacts';
import { callHandlers } from './dashboard';
import { contactImportHandlers } from './imports';

/** The call-volumes domain's channels: the dashboard and forecast, the contacts, and CSV imports. */
export const callsHandlers = {
  ...callHandlers,
  ...contactHandlers,
  ...contactImportHandlers,
} satisfies Partial<Handlers>;
