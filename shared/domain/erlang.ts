/**
 * Erlang C staffing (docs/domain.md, "Contacts and call volumes"). The probability of waiting is reached
 * through the Erlang B recursion B(k) = A·B(k−1) / (k + A·B(k−1)), which stays in
 * [0, 1] for any number of agents: no factorial, no power, no overflow.
 */

/** Traffic intensity A in erlangs: contacts × AHT ÷ interval length. */
export function trafficIntensity(contacts: number, ahtSeconds: number, intervalSeconds: number): number {
  return (contacts * ahtSeconds) / intervalSeconds;
}

export function erlangB(traffic: number, agents: number): number {
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (traffic * b) / (k + traffic * b);
  return b;
}

/** From B(N) to C(N): C = N·B / (N − A·(1 − B)). */
function cFromB(traffic: number, agents: number, b: number): number {
  return (agents * b) / (agents - traffic * (1 - b));
}

/** Pw: the probability a contact waits. 1 when the queue is unstable (N ≤ A). */
export function erlangC(traffic: number, agents: number): number {
  if (traffic <= 0) return 0;
  if (agents <= traffic) return 1;
  return cFromB(traffic, agents, erlangB(traffic, agents));
}

/** SL(t) = 1 − Pw · e^(−(N − A)·t / AHT): the share answered within t seconds. */
export function serviceLevel(traffic: number, agents: number, targetSeconds: number, ahtSeconds: number): number {
  if (traffic <= 0) return 1;
  if (agents <= traffic) return 0;
  return 1 - erlangC(traffic, agents) * Math.exp((-(agents - traffic) * targetSeconds) / ahtSeconds);
}

/** ASA = Pw · AHT ÷ (N − A). */
export function averageSpeedOfAnswer(traffic: number, agents: number, ahtSeconds: number): number {
  if (traffic <= 0) return 0;
  if (agents <= traffic) return Infinity;
  return (erlangC(traffic, agents) * ahtSeconds) / (agents - traffic);
}

export interface StaffingInput {
  contacts: number;
  ahtSeconds: number;
  intervalSeconds: number;
  /** e.g. 0.8 for 80/20 */
  serviceLevelTarget: number;
  /** e.g. 20 for 80/20 */
  serviceLevelSeconds: number;
  /** e.g. 0.85: agents are never planned busier than this */
  maxOccupancy: number;
  /** e.g. 0.3: breaks, training, absence */
  shrinkage: number;
}

export interface Staffing {
  traffic: number;
  /** N: agents on the phones */
  agents: number;
  serviceLevel: number;
  asaSeconds: number;
  occupancy: number;
  /** N ÷ (1 − shrinkage), rounded up: agents to put on the roster */
  rostered: number;
}

const MAX_AGENTS = 100_000;

/** The fewest agents meeting the service-level target without exceeding the occupancy cap. */
export function requiredAgents(input: StaffingInput): Staffing {
  const traffic = trafficIntensity(input.contacts, input.ahtSeconds, input.intervalSeconds);
  if (traffic <= 0) return { traffic: 0, agents: 0, serviceLevel: 1, asaSeconds: 0, occupancy: 0, rostered: 0 };
  // Walk N upward, carrying Erlang B along so the whole search is O(N).
  let b = 1;
  let n = 0;
  const start = Math.max(1, Math.floor(traffic) + 1, Math.ceil(traffic / input.maxOccupancy));
  for (; n < start;) b = (traffic * b) / (++n + traffic * b);
  for (; n < MAX_AGENTS; b = (traffic * b) / (++n + traffic * b)) {
    const pw = cFromB(traffic, n, b);
    const sl = 1 - pw * Math.exp((-(n - traffic) * input.serviceLevelSeconds) / input.ahtSeconds);
    if (sl >= input.serviceLevelTarget && traffic / n <= input.maxOccupancy) {
      return {
        traffic,
        agents: n,
        serviceLevel: sl,
        asaSeconds: (pw * input.ahtSeconds) / (n - traffic),
        occupancy: traffic / n,
        rostered: Math.ceil(n / (1 - input.shrinkage) - 1e-9),
      };
    }
  }
  throw new RangeError(`No staffing below ${MAX_AGENTS} agents for ${traffic.toFixed(1)} erlangs`);
}
