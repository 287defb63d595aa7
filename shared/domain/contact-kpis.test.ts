import { describe, expect, it } from 'vitest';
import { contactKpis, kpiTargets, meetsTarget, trend, DEFAULT_CALL_SETTINGS, type ContactSums } from './contact-kpis';

describe('KPI formulas on a hand-computed fixture', () => {
  // 200 contacts: 150 phone/chat (live), 50 email. Live: 120 answered (96 within 20 s, 2,400 s of
  // queue), 30 abandoned of which 6 under 5 s; 4 callbacks. All: 170 handled, 61,200 s handled,
  // 136 resolved, 17 escalated.
  const sums: ContactSums = {
    offered: 200,
    handled: 170,
    handleSeconds: 61_200,
    resolved: 136,
    escalated: 17,
    liveOffered: 150,
    liveAnswered: 120,
    liveWithinTarget: 96,
    liveAnsweredQueueSeconds: 2_400,
    liveAbandoned: 30,
    liveShortAbandoned: 6,
    liveCallbacks: 4,
  };
  const k = contactKpis(sums);

  it('volume counts every channel', () => expect(k.volume).toBe(200));
  it('service level = within target ÷ (offered − short abandons), live only', () =>
    expect(k.serviceLevel).toBeCloseTo(96 / 144, 12));
  it('ASA = queue seconds of answered ÷ answered, live only', () => expect(k.asaSeconds).toBe(20));
  it('abandonment excludes short abandons and callbacks', () => expect(k.abandonRate).toBeCloseTo(24 / 140, 12));
  it('AHT = handle seconds ÷ handled', () => expect(k.ahtSeconds).toBe(360));
  it('FCR and escalation are shares of handled contacts', () => {
    expect(k.fcr).toBe(0.8);
    expect(k.escalationRate).toBe(0.1);
  });
  it('nothing offered gives no figure, not zero', () => {
    const none = contactKpis({
      ...sums,
      offered: 0,
      handled: 0,
      liveOffered: 0,
      liveAnswered: 0,
      liveWithinTarget: 0,
      liveAbandoned: 0,
      liveShortAbandoned: 0,
      liveCallbacks: 0,
    });
    expect(none.serviceLevel).toBeNull();
    expect(none.ahtSeconds).toBeNull();
  });
  it('targets and trends read the right way round', () => {
    const t = kpiTargets(DEFAULT_CALL_SETTINGS);
    expect(t.serviceLevel).toBe(0.8);
    expect(meetsTarget('serviceLevel', 0.81, t.serviceLevel)).toBe(true);
    expect(meetsTarget('asaSeconds', 31, t.asaSeconds)).toBe(false);
    expect(meetsTarget('volume', 100, null)).toBeNull();
    expect(trend(110, 100)).toBeCloseTo(0.1, 12);
    expect(trend(5, 0)).toBeNull();
  });
});
