import type { Handlers } from '../core/dispatch';
import { noteHandlers } from './notes';
import { viewHandlers } from './views';

/** An operator's own workspace: saved grid views and notes on cases and requests. */
export const workspaceHandlers = {
  ...viewHandlers,
  ...noteHandlers,
} satisfies Partial<Handlers>;
