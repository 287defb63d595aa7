import type { InputOf } from '../../../shared/contract';
import type { NoteEntityType } from '../../../shared/contract/notes';
import { apiQuery } from './api';

/** Query-key factories for what every feature reads: the session, app info, settings, people, notes, views. */
export const sharedQueries = {
  session: () => apiQuery('session:current', {}),
  setupStatus: () => apiQuery('setup:status', {}),
  appInfo: () => apiQuery('app:info', {}, { staleTime: 60_000 }),
  settings: () => apiQuery('settings:get', {}),
  operatorDirectory: () => apiQuery('operators:directory', {}),
  notes: (entityType: NoteEntityType, entityId: number) => apiQuery('notes:list', { entityType, entityId }),
  views: (page: string) => apiQuery('views:list', { page }),
  search: (text: string) => apiQuery('search:query', { text } satisfies InputOf<'search:query'>),
};
