import { feesMessages } from '../features/fees/messages';
import { enUS } from './en-US';
import { zhCN } from './zh-CN';

/**
 * Every message, per language. Core strings live in en-US.ts / zh-CN.ts; a feature
 * keeps its own in features/<domain>/messages.ts ({ en, zh }) and adds one line per
 * language here, under its own key.
 */
export const MESSAGES = {
  'en-US': { ...enUS, fees: feesMessages.en },
  'zh-CN': { ...zhCN, fees: feesMessages.zh },
};
