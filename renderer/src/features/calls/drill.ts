import type { ContactCategory, ContactChannel, ContactOutcome } from '../../../../shared/domain/catalog';

/** What a click on a chart asks the drill-down for: the chart's filters plus the clicked slice. */
export interface DrillTarget {
  title: string;
  /** The figure the chart showed for the slice; the grid's total must equal it. */
  figure: number;
  filter: {
    from: string;
    to: string;
    weekday?: number;
    hour?: number;
    channels: ContactChannel[];
    categories: ContactCategory[];
    outcome?: ContactOutcome;
  };
}
