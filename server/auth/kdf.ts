// Password and PIN hashing with scrypt (Node's built-in, memory-hard, runs on
// libuv's thread pool so the event loop stays free). Each secret gets its own
// 16-byte salt; the parameters are stored in the hash string, so changing them
// later does not break existing secrets.
//
// Two sets of parameters, because the two secrets differ:
//   - passwords (staff, one at a time): N=2^14, r=8, p=1 (16 MiB, ~50 ms here);
//   - PINs (a class of 21 pressing "sign in" at once, each to wait < 1 s on 2
//     cores): N=2^13 (8 MiB, ~25 ms). A 4-digit PIN cannot be made strong by
//     any KDF (10,000 guesses × 25 ms is four minutes offline); it is protected
//     by the lockout (lockout.ts) and by never leaving the hub's `local`
//     database, so paying more per PIN would buy nothing but a slower class.
// Measured in `npm run bench -- --only sign-in` (tests/bench/sign-in.bench.ts):
// with 2^14 for PINs, 21 simultaneous sign-ins waited ~1.05 s on this 2-core
// machine while other work ran; the figures for 2^13 are in the README.
//
// At most one derivation per core runs at a time: scrypt shares libuv's thread
// pool with LevelDB, and a queue of 21 hashes in front of the databases' reads
// and writes would make every learner wait for the whole class.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';

export interface KdfParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

export const PRODUCTION_KDF: KdfParams = { N: 2 ** 14, r: 8, p: 1 };
export const PRODUCTION_PIN_KDF: KdfParams = { N: 2 ** 13, r: 8, p: 1 };
/** Only for the test suite, so hundreds of sign-ins stay fast. Never in production. */
export const TEST_KDF: KdfParams = { N: 2 ** 10, r: 8, p: 1 };

const KEY_LENGTH = 32;

const SLOTS = Math.max(1, availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];

async function inSlot<T>(task: () => Promise<T>): Promise<T> {
  if (running >= SLOTS) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await task();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

function derive(secret: string, salt: Uint8Array, params: KdfParams): Promise<Uint8Array> {
  return inSlot(() => deriveNow(secret, salt, params));
}

function deriveNow(secret: string, salt: Uint8Array, params: KdfParams): Promise<Uint8Array> {
  // maxmem must exceed 128·N·r bytes; leave headroom for the larger parameters.
  const maxmem = 256 * params.N * params.r;
  return new Promise((resolve, reject) =>
    scrypt(secret.normalize('NFC'), salt, KEY_LENGTH, { ...params, maxmem }, (error, key) => (error ? reject(error) : resolve(new Uint8Array(key)))),
  );
}

/** `scrypt$N$r$p$salt$hash` (salt and hash base64url). */
export async function hashSecret(secret: string, params: KdfParams): Promise<string> {
  const salt = new Uint8Array(randomBytes(16));
  const key = await derive(secret, salt, params);
  return ['scrypt', params.N, params.r, params.p, Buffer.from(salt).toString('base64url'), Buffer.from(key).toString('base64url')].join('$');
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = new Uint8Array(Buffer.from(hash, 'base64url'));
  const key = await derive(secret, new Uint8Array(Buffer.from(salt, 'base64url')), { N: Number(N), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Spends the same time as a real check, so a wrong username is not told apart
 * from a wrong password by the answer's delay. */
export async function burnTime(params: KdfParams): Promise<void> {
  await derive('not-a-secret', new Uint8Array(16), params);
}
