import { customerMessages } from '../features/customers/messages';
import { overviewMessages } from '../features/overview/messages';
import { catalogMessages } from './catalog';
import { refundsMessages } from '../features/refunds/messages';
import { feesMessages } from '../features/fees/messages';
import { enUS } from './en-US';
import { zhCN } from './zh-CN';
import { workspaceMessages } from '../components/messages';
import { frozenMessages } from '../features/frozen/messages';
import { callsMessages } from '../features/calls/messages';
import { integrityMessages } from '../features/integrity/messages';
import { backupsMessages } from '../features/backups/messages';
import { casesMessages } from '../features/cases/messages';
import { paletteMessages } from './palette';
import { connectionMessages } from '../features/connection/messages';

/**
 * Every message, per language. Core strings live in en-US.ts / zh-CN.ts; a feature
 * keeps its own in features/<domain>/messages.ts ({ en, zh }) and adds one line per
 * language here, under its own key.
 */
export const MESSAGES = {
  'en-US': {
    ...enUS,
    catalog: catalogMessages.en,
    customer: customerMessages.en,
    overview: overviewMessages.en,
    frozen: frozenMessages.en,
    workspace: workspaceMessages.en,
    refunds: refundsMessages.en,
    calls: callsMessages.en,
    fees: feesMessages.en,
    integrity: integrityMessages.en,
    backups: backupsMessages.en,
    cases: casesMessages.en,
    palette: paletteMessages.en,
    connection: connectionMessages.en,
  },
  'zh-CN': {
    ...zhCN,
    catalog: catalogMessages.zh,
    customer: customerMessages.zh,
    overview: overviewMessages.zh,
    frozen: frozenMessages.zh,
    workspace: workspaceMessages.zh,
    refunds: refundsMessages.zh,
    calls: callsMessages.zh,
    fees: feesMessages.zh,
    integrity: integrityMessages.zh,
    backups: backupsMessages.zh,
    cases: casesMessages.zh,
    palette: paletteMessages.zh,
    connection: connectionMessages.zh,
  },
};
