// Certificate verification codes. A code is the first 10 base32 characters of
// HMAC-SHA256(hub secret, personId|courseId|completedAt), shown as ABCD-EFGH-JK:
// 50 bits, too many to guess, short enough to read out over a phone. The secret
// stays in the hub's `local` database, so only this hub can issue or check its
// codes; completedAt is derived from immutable events, so the code is stable.
// Verification finds the certificate by recomputing the codes of completed
// courses (remembered once seen), so nothing about certificates is stored.
import { createHmac, type KeyObject } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const CODE_LENGTH = 10;

function base32(bytes: Buffer, length: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length >= length) break;
  }
  return out;
}

export function formatCode(raw: string): string {
  return raw.replace(/(.{4})(?=.)/g, '$1-');
}

/** Upper case, without dashes or spaces; null when it cannot be a code. */
export function normaliseCode(input: string): string | null {
  const raw = input.toUpperCase().replace(/[\s-]/g, '');
  return raw.length === CODE_LENGTH && [...raw].every((c) => BASE32.includes(c)) ? raw : null;
}

export function verificationCode(secret: KeyObject, personId: string, courseId: string, completedAt: string): string {
  const mac = createHmac('sha256', secret).update(`${personId}|${courseId}|${completedAt}`).digest();
  return formatCode(base32(mac, CODE_LENGTH));
}
