import type { ImportField, ImportMapping, ImportRowError } from '../../shared/contract/contact-imports';
import type { ZoneClock } from '../../shared/domain/business-time';
import type { ContactCategory, ContactChannel, ContactOutcome } from '../../shared/domain/catalog';
import { CONTACT_CATEGORIES } from '../../shared/domain/catalog';
import { isRecordingRef, parseFlag } from '../../shared/domain/recordings';

/** One valid row, ready to insert. */
export interface ParsedContact {
  externalKey: string | null;
  startedAtMs: number;
  channel: ContactChannel;
  category: ContactCategory;
  outcome: ContactOutcome;
  queueSeconds: number;
  talkSeconds: number;
  holdSeconds: number;
  acwSeconds: number;
  accountNo: string | null;
  note: string | null;
  recordingRef: string | null;
  recordingNotice: boolean | null;
}

export type RowResult =
  | { ok: true; contact: ParsedContact }
  | { ok: false; reason: ImportRowError; field: ImportField | null; value: string };

// What telephony and helpdesk exports call things, lower-cased (English and Chinese exports).
const CHANNELS: Record<string, ContactChannel> = {
  phone: 'phone',
  voice: 'phone',
  call: 'phone',
  inbound: 'phone',
  telephone: 'phone',
  电话: 'phone',
  热线: 'phone',
  chat: 'chat',
  webchat: 'chat',
  livechat: 'chat',
  'live chat': 'chat',
  im: 'chat',
  在线: 'chat',
  在线客服: 'chat',
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  邮件: 'email',
  电子邮件: 'email',
  social: 'social',
  weibo: 'social',
  wechat: 'social',
  'social media': 'social',
  社交媒体: 'social',
  微博: 'social',
};
const OUTCOMES: Record<string, ContactOutcome> = {
  resolved: 'resolved',
  answered: 'resolved',
  completed: 'resolved',
  handled: 'resolved',
  已解决: 'resolved',
  已接听: 'resolved',
  escalated: 'escalated',
  transferred: 'escalated',
  transfer: 'escalated',
  转接: 'escalated',
  已升级: 'escalated',
  callback: 'callback',
  'call back': 'callback',
  'callback requested': 'callback',
  回拨: 'callback',
  abandoned: 'abandoned',
  abandon: 'abandoned',
  'hung up in queue': 'abandoned',
  放弃: 'abandoned',
  已放弃: 'abandoned',
};
const CATEGORY_SYNONYMS: Record<string, ContactCategory> = {
  账户注册: 'registration',
  支付失败: 'payment_failure',
  账户安全: 'account_security',
  退款: 'refund',
  密码找回: 'password_reset',
  手续费: 'fees',
  充值: 'top_up',
  提现: 'withdrawal',
  账户冻结: 'frozen_account',
  注销账户: 'account_closure',
  诈骗: 'fraud_report',
  假冒客服: 'fraud_report',
  投诉: 'complaint',
  其他: 'other',
  payment: 'payment_failure',
  payments: 'payment_failure',
  refunds: 'refund',
  complaints: 'complaint',
  'top-up': 'top_up',
  'payment failed': 'payment_failure',
  security: 'account_security',
  password: 'password_reset',
  fee: 'fees',
  topup: 'top_up',
  'top up': 'top_up',
  frozen: 'frozen_account',
  closure: 'account_closure',
  fraud: 'fraud_report',
  scam: 'fraud_report',
};
for (const c of CONTACT_CATEGORIES) CATEGORY_SYNONYMS[c] = c;

const norm = (s: string) => s.trim().toLowerCase().replace(/_/g, ' ').replace(/\s+/g, ' ');
const lookup = <T>(table: Record<string, T>, raw: string): T | undefined =>
  table[norm(raw)] ?? table[norm(raw).replace(/ /g, '_')] ?? table[norm(raw).replace(/ /g, '')];

const TIME =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A start time with its own offset ('2026-11-02T09:15:22+08:00', '…Z'), or a wall-clock
 * time ('2026-11-02 09:15:22', '2026/11/02 09:15') read in the stated zone.
 */
export function parseTime(raw: string, clock: ZoneClock): number | null {
  const m = TIME.exec(raw.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '0', frac = '0', zone] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(Number(y), month - 1, day, hour, minute, second, Math.round(Number(`0.${frac}`) * 1000));
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null; // 31 April, 30 February
  if (zone === undefined) {
    const date = `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    return clock.toUtc(date, hour, minute) + (wall % 60_000); // seconds and milliseconds
  }
  if (zone.toUpperCase() === 'Z') return wall;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  if (Math.abs(offset) > 14 * 60) return null;
  return wall - offset * 60_000;
}

/** Seconds as a number ('95', '95.0') or a clock duration ('1:35', '00:01:35'); null if unreadable. */
export function parseDuration(raw: string): number | null {
  const s = raw.trim();
  if (/^-?\d+(\.\d+)?$/.test(s)) return Math.round(Number(s));
  const m = /^(-)?(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(s);
  if (!m) return null;
  const total = Number(m[2] ?? 0) * 3600 + Number(m[3]) * 60 + Number(m[4]);
  return m[1] ? -total : total;
}

const MAX_SECONDS = 7 * 86_400;

/** Validates one record against the mapping; the first problem found is the reason given. */
export function parseContactRow(fields: string[], mapping: ImportMapping, clock: ZoneClock): RowResult {
  const get = (f: ImportField): string => {
    // A mapping saved before a field existed has no entry for it (undefined): not mapped.
    const col = mapping[f];
    return col === null || col === undefined || col >= fields.length ? '' : fields[col].trim();
  };
  const fail = (reason: ImportRowError, field: ImportField | null, value = ''): RowResult => ({
    ok: false,
    reason,
    field,
    value: value.slice(0, 200),
  });
  for (const f of ['startedAt', 'channel', 'outcome', 'queueSeconds', 'talkSeconds'] as const) {
    if (get(f) === '') return fail('missing_field', f);
  }
  const startedAtMs = parseTime(get('startedAt'), clock);
  if (startedAtMs === null) return fail('bad_time', 'startedAt', get('startedAt'));
  const channel = lookup(CHANNELS, get('channel'));
  if (!channel) return fail('unknown_channel', 'channel', get('channel'));
  const outcome = lookup(OUTCOMES, get('outcome'));
  if (!outcome) return fail('unknown_outcome', 'outcome', get('outcome'));
  let category: ContactCategory = 'other';
  if (get('category') !== '') {
    const c = lookup(CATEGORY_SYNONYMS, get('category'));
    if (!c) return fail('unknown_category', 'category', get('category'));
    category = c;
  }
  const seconds: Record<'queueSeconds' | 'talkSeconds' | 'holdSeconds' | 'acwSeconds', number> = {
    queueSeconds: 0,
    talkSeconds: 0,
    holdSeconds: 0,
    acwSeconds: 0,
  };
  for (const f of ['queueSeconds', 'talkSeconds', 'holdSeconds', 'acwSeconds'] as const) {
    const raw = get(f);
    if (raw === '') continue;
    const n = parseDuration(raw);
    if (n === null || n > MAX_SECONDS) return fail('bad_number', f, raw);
    if (n < 0) return fail('negative_duration', f, raw);
    seconds[f] = n;
  }
  const recordingRef = get('recordingRef');
  if (recordingRef !== '' && !isRecordingRef(recordingRef))
    return fail('bad_recording_ref', 'recordingRef', recordingRef);
  const notice = get('recordingNotice');
  const recordingNotice = notice === '' ? null : parseFlag(notice);
  if (notice !== '' && recordingNotice === null) return fail('bad_flag', 'recordingNotice', notice);
  // An abandoned contact was never talked to, whatever the export says about talk time.
  if (outcome === 'abandoned') seconds.talkSeconds = seconds.holdSeconds = seconds.acwSeconds = 0;
  return {
    ok: true,
    contact: {
      externalKey: get('externalId') || null,
      startedAtMs,
      channel,
      category,
      outcome,
      ...seconds,
      accountNo: get('accountNo') || null,
      note: get('note').slice(0, 2000) || null,
      recordingRef: recordingRef || null,
      recordingNotice,
    },
  };
}

// Header names seen in call-centre exports, for guessing a first mapping.
const HEADER_GUESSES: Record<ImportField, RegExp> = {
  externalId:
    /^(call[ _-]?id|contact[ _-]?id|ticket[ _-]?id|id|external[ _-]?id|uniqueid|session[ _-]?id|通话编号|工单号)$/i,
  startedAt: /(start|begin|call[ _-]?time|date[ _-]?time|created|开始时间|来电时间)/i,
  channel: /(channel|media|渠道|媒体)/i,
  outcome: /(disposition|outcome|result|status|结果|状态)/i,
  queueSeconds: /(wait|queue[ _-]?(time|sec|secs|seconds|duration)|ring[ _-]?time|排队|等待)/i,
  talkSeconds: /(talk|conversation|duration|通话时长)/i,
  holdSeconds: /^(hold|hold[ _-]?(time|sec|seconds)|保持)/i,
  acwSeconds: /(acw|wrap|after[ _-]?call|话后)/i,
  category: /(category|reason|topic|skill|queue[ _-]?name|类别|分类|原因|技能组)/i,
  accountNo: /(account|customer[ _-]?no|账户|账号)/i,
  note: /(note|comment|remark|备注)/i,
  recordingRef: /(recording|录音)(?!.*(notice|prompt|提示))/i,
  recordingNotice: /((recording|录音).*(notice|prompt|announce|提示))|(notice|prompt)[ _-]?played/i,
};

export function guessMapping(headers: string[]): ImportMapping {
  const mapping = {} as ImportMapping;
  const used = new Set<number>();
  // Specific fields first, so "hold" is not taken by "queue" or "talk".
  const order: ImportField[] = [
    'recordingNotice',
    'recordingRef',
    'externalId',
    'holdSeconds',
    'acwSeconds',
    'queueSeconds',
    'talkSeconds',
    'startedAt',
    'channel',
    'outcome',
    'category',
    'accountNo',
    'note',
  ];
  for (const f of order) {
    const i = headers.findIndex((h, idx) => !used.has(idx) && HEADER_GUESSES[f].test(h.trim()));
    mapping[f] = i >= 0 ? i : null;
    if (i >= 0) used.add(i);
  }
  return mapping;
}
