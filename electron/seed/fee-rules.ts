import type { Channel, Operation } from '../../shared/domain/catalog';
import { EMPTY_DEFINITION, type FeeRuleDefinition } from '../../shared/domain/fees';

const rule = (d: Partial<FeeRuleDefinition>): FeeRuleDefinition => ({ ...EMPTY_DEFINITION, ...d });

/**
 * The demo's active fee schedule (standard segment), after the fees docs/domain.md describes:
 * cross-bank top-up fees, a branch service fee, wallet channel fees, withdrawal
 * minimum and fee (premium customers also get a monthly free quota: electron/seed/fees.ts),
 * fixed or percentage transfer fees.
 */
export const DEMO_FEE_RULES: { operation: Operation; channel: Channel; definition: FeeRuleDefinition }[] = [
  { operation: 'top_up', channel: 'bank', definition: rule({ fixedMinor: 0, ratePpm: 0 }) },
  { operation: 'top_up', channel: 'branch', definition: rule({ fixedMinor: 200 }) },
  { operation: 'top_up', channel: 'wallet', definition: rule({ ratePpm: 1000, minFeeMinor: 10, maxFeeMinor: 2000 }) },
  { operation: 'top_up', channel: 'in_app', definition: rule({}) },
  { operation: 'payment', channel: 'in_app', definition: rule({}) },
  { operation: 'payment', channel: 'wallet', definition: rule({ ratePpm: 600 }) },
  { operation: 'payment', channel: 'bank', definition: rule({}) },
  {
    operation: 'withdrawal',
    channel: 'bank',
    definition: rule({
      ratePpm: 1000,
      minFeeMinor: 100,
      maxFeeMinor: 2500,
      minAmountMinor: 1000,
    }),
  },
  {
    operation: 'transfer',
    channel: 'in_app',
    definition: rule({ freeQuota: { kind: 'amount', amountMinor: 2_000_000 }, ratePpm: 1000 }),
  },
  { operation: 'transfer', channel: 'bank', definition: rule({ fixedMinor: 200 }) },
  {
    operation: 'cross_border',
    channel: 'bank',
    definition: rule({
      tiers: [
        { fromMinor: 0, fixedMinor: 1500, ratePpm: 0 },
        { fromMinor: 500_000, fixedMinor: 0, ratePpm: 3000 },
      ],
      maxFeeMinor: 30_000,
    }),
  },
  { operation: 'fx_conversion', channel: 'in_app', definition: rule({ ratePpm: 5000, minFeeMinor: 100 }) },
];
