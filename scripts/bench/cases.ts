import { auditCases } from './audit';
import { feeCases } from './fees';
import { deepPageCases, gridCases } from './grid';
import type { BenchCase } from './types';

/** Every benchmark case; each capability adds its own list here. */
export const BENCH_CASES: BenchCase[] = [...gridCases, ...deepPageCases, ...auditCases, ...feeCases];
