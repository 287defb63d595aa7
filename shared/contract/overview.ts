import { z } from 'zod';
import { channel } from './define';

/** A figure on the Overview, with the grid (route + filter) whose total equals it. */
export interface OverviewFigure {
  key: string;
  value: number;
  /** Null when the operator cannot open the grid behind the figure (an agent and the audit log). */
  route: string | null;
  params: Record<string, string>;
}

export interface OverviewDay {
  date: string; // business-time-zone calendar date
  contacts: number;
}

export interface Overview {
  today: string;
  timeZone: string;
  mine: OverviewFigure[];
  /** The service-case figures (cases:figures); null for an operator who cannot read cases. */
  cases: OverviewFigure[] | null;
  /** Supervisors and admins only; null for agents. */
  team: {
    queues: OverviewFigure[];
    contactsToday: number;
    /** The same weekday's average over the previous four weeks, up to the same time of day. */
    contactsExpected: number;
    /** Answered within the target's seconds, as on the Call volumes page (live channels). */
    serviceLevelToday: number | null;
    serviceLevelTarget: { pct: number; seconds: number };
    last14Days: OverviewDay[];
  } | null;
}

export const overviewChannels = {
  'overview:get': channel<Overview>()({ input: z.strictObject({}), permission: 'app.use' }),
};
