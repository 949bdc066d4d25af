import { describe, expect, it } from 'vitest';
import { makePairingCode, parsePairingCode, PAIRING_PREFIX, PairingCodeError } from './pairing.ts';

const pairing = { centralUrl: 'https://central.example.org:6984', hubId: 'hub-abcdefgh23', username: 'darasa-hub-abcdefgh23', password: 'x'.repeat(43) };

function encode(value: unknown): string {
  return PAIRING_PREFIX + Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('pairing code', () => {
  it('round-trips everything a hub needs to connect', () => {
    const code = makePairingCode(pairing);
    expect(code.startsWith('darasa1.')).toBe(true);
    expect(code).toMatch(/^darasa1\.[A-Za-z0-9_-]+$/);
    expect(parsePairingCode(code)).toEqual(pairing);
    // Pasted with stray whitespace around it, as copy-paste does.
    expect(parsePairingCode(`  ${code}\n`)).toEqual(pairing);
  });

  it.each([
    ['no prefix', 'eyJ1IjoiaHR0cDovL3gifQ', /starts with "darasa1."/],
    ['a cut-off code', makePairingCode(pairing).slice(0, 40), /damaged or incomplete/],
    ['foreign characters', 'darasa1.abc$def', /do not belong/],
    ['a non-http address', encode({ u: 'ftp://x', h: pairing.hubId, n: pairing.username, p: pairing.password }), /central address/],
    ['an address with credentials', encode({ u: 'http://a:b@x', h: pairing.hubId, n: pairing.username, p: pairing.password }), /central address/],
    ['a bad hub id', encode({ u: pairing.centralUrl, h: 'hub-ABC', n: 'darasa-hub-ABC', p: pairing.password }), /hub id/],
    ['a user of another hub', encode({ u: pairing.centralUrl, h: pairing.hubId, n: 'darasa-hub-zzzzzzzzzz', p: pairing.password }), /does not match/],
    ['a short password', encode({ u: pairing.centralUrl, h: pairing.hubId, n: pairing.username, p: 'short' }), /password/],
  ])('refuses %s with a message that does not echo the code', (_name, code, message) => {
    let error: unknown;
    try {
      parsePairingCode(code);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PairingCodeError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(pairing.password);
    expect((error as PairingCodeError).code).toBe('PAIRING_CODE_INVALID');
  });
});
