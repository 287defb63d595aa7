import { ok, type BenchCase } from './types';

/** The audit page and the chain check. */
export const auditCases: BenchCase[] = [
  {
    name: 'audit:list newest 100',
    async run(ctx) {
      ok(await ctx.call('supervisor', 'audit:list', { sort: 'id', dir: 'desc', limit: 100, after: null }));
    },
    floor(ctx) {
      ctx.sqlite.prepare('SELECT * FROM audit_events ORDER BY id DESC LIMIT 100').all();
    },
  },
];
