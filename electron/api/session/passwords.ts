import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../../shared/contract/errors';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** OWASP's current recommendation for scrypt (Password Storage Cheat Sheet): 128 MiB per hash. */
export const OWASP_SCRYPT: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };
const KEYLEN = 32;

let cost: ScryptCost = OWASP_SCRYPT;

/**
 * Swaps the cost new hashes are made with; returns a function that restores the previous
 * one. For tests, which would otherwise spend most of their time in scrypt.
 */
export function usePasswordCost(next: ScryptCost): () => void {
  const previous = cost;
  cost = next;
  return () => {
    cost = previous;
  };
}

/** The cost new hashes are made with. */
export function currentPasswordCost(): ScryptCost {
  return cost;
}

function derive(password: string, salt: Buffer, c: ScryptCost): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; maxmem leaves room for that and no more than twice it.
  const maxmem = 256 * c.N * c.r * c.p;
  // Async scrypt runs on libuv's pool, so a sign-in never blocks other calls.
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEYLEN, { N: c.N, r: c.r, p: c.p, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$key`, all parameters stored so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return format(cost, salt, key);
}

function format(c: ScryptCost, salt: Buffer, key: Buffer): string {
  return ['scrypt', c.N, c.r, c.p, salt.toString('base64'), key.toString('base64')].join('$');
}

function parse(stored: string): { cost: ScryptCost; salt: Buffer; key: Buffer } | null {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  const c = { N: Number(n), r: Number(r), p: Number(p) };
  const sane = Number.isInteger(c.N) && c.N > 1 && (c.N & (c.N - 1)) === 0 && c.N <= 2 ** 20;
  if (scheme !== 'scrypt' || !salt || !key || !sane || !(c.r >= 1 && c.r <= 32) || !(c.p >= 1 && c.p <= 16)) {
    return null;
  }
  return { cost: c, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
}

/**
 * A hash at today's cost that no password matches. Checking a password against it costs
 * exactly what checking a real one does, so an unknown user or an unusable hash cannot be
 * told from a wrong password by the time a refusal takes.
 */
function decoyHash(): string {
  return format(cost, randomBytes(16), randomBytes(KEYLEN));
}

/**
 * Checks a password against a stored hash, or against a decoy when there is none: every
 * call derives one key at the cost it compares against, known user or not.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const real = stored === null ? null : parse(stored);
  const against = real ?? parse(decoyHash())!;
  const actual = await derive(password, against.salt, against.cost);
  return real !== null && actual.length === real.key.length && timingSafeEqual(actual, real.key);
}

/** A hash made at a lower cost than today's, to be replaced at the next successful sign-in. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  if (!parsed) return false;
  const c = parsed.cost;
  return c.N < cost.N || c.r < cost.r || c.p < cost.p;
}

/** At least 8 characters with a letter and a digit. */
export function assertStrongPassword(password: string): void {
  if (password.length < 8 || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw new AppError('PASSWORD_TOO_WEAK', 'A password needs at least 8 characters, with letters and digits');
  }
}

/** A hash no password matches: for the first admin before setup. */
export const UNUSABLE_HASH = 'unusable';
