import { z } from 'zod';
import { channel } from './define';

/** A figure on the Overview, with the grid (route + filter) whose total equals it. */
export interface OverviewFigure {
  key: string;
  value: number;
  route: string;
  params: Record<string, string>;
}

export interface OverviewDay {
  date: string; // business-time-zone calendar date
  contacts: number;
  answeredWithinTarget: number;
  answered: number;
}

export interface Overview {
  today: string;
  timeZone: string;
  mine: OverviewFigure[];
  /** Supervisors and admins only; null for agents. */
  team: {
    queues: OverviewFigure[];
    contactsToday: number;
    /** The same weekday's average over the previous four weeks, up to the same time of day. */
    contactsExpected: number;
    serviceLevelToday: number | null;
    last14Days: OverviewDay[];
  } | null;
}

export const overviewChannels = {
  'overview:get': channel<Overview>()({ input: z.strictObject({}), permission: 'app.use' }),
};
