import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../migrations';
import { PG_LATEST, PG_MIGRATIONS } from './migrations';

/**
 * PostgreSQL's steps follow SQLite's numbers: 110 is the whole schema up to SQLite's 0110, then
 * one twin per later SQLite migration, ascending. A SQLite migration without its twin leaves team
 * mode a version behind, so its handlers fail there (as the cases channels did before 130–160).
 */
describe('the PostgreSQL migration set', () => {
  it('has a twin for every SQLite migration after 110, in order, and ends where SQLite does', () => {
    const pg = PG_MIGRATIONS.map((m) => m.version);
    expect(pg).toEqual([...pg].sort((a, b) => a - b));
    expect(new Set(pg).size).toBe(pg.length);
    const later = MIGRATIONS.filter((m) => m.version > 110).map((m) => m.version);
    expect(pg).toEqual([110, ...later]);
    expect(PG_LATEST).toBe(MIGRATIONS[MIGRATIONS.length - 1].version);
  });
});
