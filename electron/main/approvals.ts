import type { EventName } from '../../shared/contract';
import type { Services } from '../api/core/context';
import type { Handlers } from '../api/core/dispatch';
import type { Strings } from './strings';

/** The Overview figures that mean "someone is waiting for you", and how each is worded. */
const WAITING: [key: string, text: (s: Strings, n: number) => string][] = [
  ['awaitingMyRefundApproval', (s, n) => s.approvalRefunds(n)],
  ['awaitingMyCaseApproval', (s, n) => s.approvalCases(n)],
  ['feeVersionsSubmitted', (s, n) => s.approvalFees(n)],
];
const TRIGGERS = new Set<EventName>(['refunds:changed', 'frozen:changed', 'fees:changed']);

export interface ApprovalNotice {
  title: string;
  body: string;
  route: string;
}

/**
 * OS notifications when something starts waiting for the signed-in desktop operator's approval.
 * It counts through the Overview's own handler (the same figures the Overview shows), reading
 * the session without touching it, so a notification check never resets the idle lock.
 * The first count after sign-in is the baseline; only a rise is announced.
 */
export function watchApprovals(opts: {
  services: Services;
  handlers: Pick<Handlers, 'overview:get'>;
  subscribe: (listener: (event: EventName) => void) => void;
  strings: Strings;
  notify: (notice: ApprovalNotice) => void;
}): { check: () => Promise<void> } {
  const seen = new Map<string, number>();
  const check = async () => {
    for (const [clientKey, session] of opts.services.sessions) {
      if (!clientKey.startsWith('electron:') || session.locked || session.mustChangePassword) continue;
      const overview = await opts.handlers['overview:get'](
        { ...opts.services, clientKey, session, request: { channel: 'overview:get', input: {} } },
        {},
      );
      for (const [key, text] of WAITING) {
        const figure = overview.mine.find((f) => f.key === key);
        if (!figure) continue;
        const id = `${session.operatorId}:${key}`;
        const before = seen.get(id);
        seen.set(id, figure.value);
        if (before !== undefined && figure.value > before) {
          const query = new URLSearchParams(figure.params).toString();
          opts.notify({
            title: opts.strings.approvalTitle,
            body: text(opts.strings, figure.value),
            route: `${figure.route}${query ? `?${query}` : ''}`,
          });
        }
      }
    }
  };
  let pending: Promise<void> | null = null;
  opts.subscribe((event) => {
    if (!TRIGGERS.has(event) || pending) return;
    // One check per burst of changes (a bulk approval emits once per batch).
    pending = new Promise<void>((resolve) => setTimeout(resolve, 250))
      .then(check)
      .catch(() => {})
      .finally(() => (pending = null));
  });
  return { check };
}

/** The OS lock screen or sleep locks every desktop session; unlocking needs the password. */
export function lockDesktopSessions(services: Services): number {
  let n = 0;
  for (const [clientKey, session] of services.sessions) {
    if (clientKey.startsWith('electron:') && !session.locked) {
      session.locked = true;
      n++;
    }
  }
  return n;
}
