import { auditCases } from './audit';
import { deepPageCases, gridCases } from './grid';
import { refundCases } from './refunds';
import type { BenchCase } from './types';

/** Every benchmark case; each capability adds its own list here. */
export const BENCH_CASES: BenchCase[] = [...gridCases, ...deepPageCases, ...auditCases, ...refundCases];
