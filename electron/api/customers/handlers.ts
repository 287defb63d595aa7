import type { Handlers } from '../core/dispatch';
import { customer360Handlers } from './detail';
import { customerHandlers } from './queries';
import { searchHandlers } from './search';

/** The customers domain's channels: the lists, the customer page, and the app bar's search. */
export const customersHandlers = {
  ...customerHandlers,
  ...customer360Handlers,
  ...searchHandlers,
} satisfies Partial<Handlers>;
