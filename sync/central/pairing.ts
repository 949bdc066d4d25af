// The pairing code: everything a hub needs to connect to central, in one
// string its administrator copies once (`darasa1.` + base64url of JSON).
// IT IS A SECRET: it carries the hub's CouchDB password in clear (base64 is an
// encoding, not encryption). Hand it over like a password; registering the hub
// again rotates the password and makes the old code useless.

export const PAIRING_PREFIX = 'darasa1.';
/** Hub ids as sync/ids.ts newHubId() makes them: base32, lower case (CouchDB
 * database names must be lower case). */
export const HUB_ID_PATTERN = /^hub-[a-z2-7]{10}$/;

export interface Pairing {
  centralUrl: string;
  hubId: string;
  username: string;
  password: string;
}

export class PairingCodeError extends Error {
  readonly code = 'PAIRING_CODE_INVALID';
}

export function hubUsername(hubId: string): string {
  return `darasa-${hubId}`;
}

export function makePairingCode(pairing: Pairing): string {
  const json = JSON.stringify({ u: pairing.centralUrl, h: pairing.hubId, n: pairing.username, p: pairing.password });
  return PAIRING_PREFIX + Buffer.from(json, 'utf8').toString('base64url');
}

/** Validates and decodes a pairing code; the error says what is wrong without
 * echoing the code (it holds a password). */
export function parsePairingCode(code: string): Pairing {
  const trimmed = code.trim();
  if (!trimmed.startsWith(PAIRING_PREFIX)) {
    throw new PairingCodeError(`a pairing code starts with "${PAIRING_PREFIX}"; copy the whole code printed by "darasa central register-hub".`);
  }
  const payload = trimmed.slice(PAIRING_PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(payload)) throw new PairingCodeError('the pairing code has characters that do not belong in it; copy it again.');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new PairingCodeError('the pairing code is damaged or incomplete; copy it again.');
  }
  const { u, h, n, p } = (value ?? {}) as Record<string, unknown>;
  if (typeof u !== 'string' || !isHttpUrl(u)) throw new PairingCodeError("the pairing code does not hold a valid central address.");
  if (typeof h !== 'string' || !HUB_ID_PATTERN.test(h)) throw new PairingCodeError('the pairing code does not hold a valid hub id.');
  if (n !== hubUsername(h)) throw new PairingCodeError("the pairing code's user name does not match its hub id.");
  if (typeof p !== 'string' || p.length < 16) throw new PairingCodeError('the pairing code does not hold a valid password.');
  return { centralUrl: u, hubId: h, username: n, password: p };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
  } catch {
    return false;
  }
}
