import type { ColDef } from 'ag-grid-community';
import { useTranslation } from 'react-i18next';

type T = ReturnType<typeof useTranslation>['t'];

export interface Recorded {
  recordingRef: string | null;
  recordingNotice: boolean | null;
}

/** "REC-123 · notice played" / "notice not played" / "—": how a contact's recording is shown everywhere. */
export function recordingText(r: Recorded, t: T): string {
  const notice =
    r.recordingNotice === null ? null : t(r.recordingNotice ? 'cases.recording.played' : 'cases.recording.notPlayed');
  const parts = [r.recordingRef, notice].filter((p): p is string => !!p);
  return parts.length ? parts.join(' · ') : t('cases.recording.none');
}

/** The recording column of a contacts grid (drill-down, customer page). */
export function recordingColumn<R extends Recorded>(t: T): ColDef<R> {
  return {
    colId: 'recording',
    headerName: t('cases.recording.column'),
    width: 220,
    valueGetter: (p) => (p.data ? recordingText(p.data, t) : ''),
    tooltipValueGetter: (p) => p.data?.recordingRef ?? null,
    cellStyle: (p) => (p.data?.recordingNotice === false ? { color: '#c62828' } : null),
  };
}
