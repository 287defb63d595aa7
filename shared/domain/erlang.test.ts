import { describe, expect, it } from 'vitest';
import { averageSpeedOfAnswer, erlangB, erlangC, requiredAgents, serviceLevel, trafficIntensity } from './erlang';

describe('Erlang C against published cases', () => {
  it('Call Centre Helper, "Erlang C Formula – Made Simple With an Easy Worked Example": 100 calls / 30 min, AHT 180 s, 80/20', () => {
    // https://www.callcentrehelper.com/erlang-c-formula-example-121281.htm
    // A = 10 erlangs; with 11 agents Pw = 68.21 %; 14 agents reach 80/20 (SL 88.84 %, ASA 7.8 s,
    // occupancy 71.4 %), and 30 % shrinkage rounds 14 up to 20 agents on the roster.
    const a = trafficIntensity(100, 180, 1800);
    expect(a).toBe(10);
    expect(erlangC(a, 11)).toBeCloseTo(0.6821, 4);
    expect(serviceLevel(a, 13, 20, 180)).toBeLessThan(0.8);
    expect(serviceLevel(a, 14, 20, 180)).toBeCloseTo(0.8884, 4);
    expect(averageSpeedOfAnswer(a, 14, 180)).toBeCloseTo(7.8, 1);
    const s = requiredAgents({
      contacts: 100,
      ahtSeconds: 180,
      intervalSeconds: 1800,
      serviceLevelTarget: 0.8,
      serviceLevelSeconds: 20,
      maxOccupancy: 0.85,
      shrinkage: 0.3,
    });
    expect(s).toMatchObject({ agents: 14, rostered: 20 });
    expect(s.occupancy).toBeCloseTo(0.714, 3);
  });

  it('Lester Bromley / Westbay, "The Erlang-C formula": 360 calls / 30 min, 240 s, 55 agents, 15 s target', () => {
    // http://www.erlang.com/calculatormanual/ (Erlang C worked example, as reproduced by mitan.co.uk):
    // A = 48 erlangs, occupancy 87.3 %, Pw = 0.2387, ASA = 8.2 s, 84.6 % answered within 15 s.
    const a = trafficIntensity(360, 240, 1800);
    expect(a).toBe(48);
    expect(erlangC(a, 55)).toBeCloseTo(0.2387, 4);
    expect(averageSpeedOfAnswer(a, 55, 240)).toBeCloseTo(8.2, 1);
    expect(serviceLevel(a, 55, 15, 240)).toBeCloseTo(0.846, 3);
  });

  it('closed forms for small systems (M/M/2 and M/M/3, any queueing textbook; Wikipedia "Erlang (unit)")', () => {
    // M/M/2 with A = 1: Pw = 1/3. M/M/3 with A = 2: Pw = 4/9. Erlang B(1, 1) = 1/2.
    expect(erlangC(1, 2)).toBeCloseTo(1 / 3, 12);
    expect(erlangC(2, 3)).toBeCloseTo(4 / 9, 12);
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 12);
  });

  it('needs no factorials: a thousand erlangs stays finite and sensible', () => {
    const s = requiredAgents({
      contacts: 12_000,
      ahtSeconds: 300,
      intervalSeconds: 3600,
      serviceLevelTarget: 0.9,
      serviceLevelSeconds: 20,
      maxOccupancy: 0.95,
      shrinkage: 0.3,
    });
    expect(s.traffic).toBe(1000);
    expect(Number.isFinite(s.serviceLevel)).toBe(true);
    expect(s.agents).toBeGreaterThan(1000);
    expect(s.agents).toBeLessThan(1060);
  });

  it('an unstable queue waits for sure; no traffic needs no one', () => {
    expect(erlangC(10, 10)).toBe(1);
    expect(serviceLevel(10, 9, 20, 180)).toBe(0);
    expect(
      requiredAgents({
        contacts: 0,
        ahtSeconds: 180,
        intervalSeconds: 1800,
        serviceLevelTarget: 0.8,
        serviceLevelSeconds: 20,
        maxOccupancy: 0.85,
        shrinkage: 0.3,
      }).agents,
    ).toBe(0);
  });

  it('the occupancy cap can bind before the service level does', () => {
    // 50 erlangs at 80/60 with long calls needs few extra agents for SL, but 85 % occupancy needs 59.
    const s = requiredAgents({
      contacts: 500,
      ahtSeconds: 360,
      intervalSeconds: 3600,
      serviceLevelTarget: 0.5,
      serviceLevelSeconds: 60,
      maxOccupancy: 0.85,
      shrinkage: 0,
    });
    expect(s.agents).toBe(Math.ceil(50 / 0.85));
    expect(s.occupancy).toBeLessThanOrEqual(0.85);
  });

  it('a stricter target needs more agents (90/20 over 80/20)', () => {
    const base = {
      contacts: 100,
      ahtSeconds: 180,
      intervalSeconds: 1800,
      serviceLevelSeconds: 20,
      maxOccupancy: 0.85,
      shrinkage: 0.3,
    };
    expect(requiredAgents({ ...base, serviceLevelTarget: 0.9 }).agents).toBeGreaterThan(
      requiredAgents({ ...base, serviceLevelTarget: 0.8 }).agents,
    );
  });
});
