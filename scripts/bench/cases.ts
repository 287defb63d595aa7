import { auditCases } from './audit';
import { customer360Cases } from './customer360';
import { frozenCases } from './frozen';
import { callCases } from './calls';
import { feeCases } from './fees';
import { coldCountCases, deepPageCases, gridCases } from './grid';
import { refundCases } from './refunds';
import type { BenchCase } from './types';
import { writeCases } from './writes';

/** Every benchmark case; each capability adds its own list here. */
export const BENCH_CASES: BenchCase[] = [
  ...gridCases,
  ...deepPageCases,
  ...coldCountCases,
  ...auditCases,
  ...customer360Cases,
  ...frozenCases,
  ...refundCases,
  ...callCases,
  ...feeCases,
  ...writeCases,
];
