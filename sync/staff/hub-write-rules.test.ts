// The rules a USB import applies in code are the validator's own function
// (staff-validator.test.ts checks the function itself): here, that it is
// called with the hub as the writer, and the helpers the import relies on.
import { describe, expect, it } from 'vitest';
import { revisionGeneration, sameStaffAccount, staffWriteRefusal } from './hub-write-rules.ts';
import { HUB_A, HUB_B, SCRYPT_HASH, staffAccount } from '../../tests/support/staff-account.ts';

const A = HUB_A;
const B = HUB_B;
const HASH = SCRYPT_HASH;
const account = staffAccount;

describe('staffWriteRefusal (a hub writing by USB file)', () => {
  it("lets a hub write its own people's accounts and only switch another hub's off, as itself", () => {
    expect(staffWriteRefusal(A, account(), null)).toBeNull();
    expect(staffWriteRefusal(A, account({ givenName: 'J.' }), account())).toBeNull();
    const off = account({ active: false, disabledBy: B, disabledAt: 'x', updatedAt: 'x' });
    expect(staffWriteRefusal(B, off, account())).toBeNull();
    expect(staffWriteRefusal(B, { ...off, disabledBy: A }, account())).toMatch(/may only disable/);
    expect(staffWriteRefusal(B, account(), account({ active: false, disabledBy: 'central' }))).toMatch(/hub hub-bbbbbbbbbb may only disable/);
  });

  it('refuses what central refuses a hub: forged homes, held usernames, other roles and secrets, deletions', () => {
    expect(staffWriteRefusal(B, account(), null)).toMatch(/hub hub-bbbbbbbbbb may only write staff accounts of its own people, not of hub hub-aaaaaaaaaa/);
    expect(staffWriteRefusal(B, account({ homeHubId: B, personId: `person:${B}:q` }), account())).toMatch(/the username "juma" is held by a staff account of hub hub-aaaaaaaaaa/);
    expect(staffWriteRefusal(A, account({ roles: ['learner'] }), null)).toMatch(/role "learner" does not roam/);
    expect(staffWriteRefusal(A, account({ roles: ['admin'] }), null)).toMatch(/role "admin" does not roam/);
    expect(staffWriteRefusal(A, account({ passwordHash: 'plain words' }), null)).toMatch(/salted scrypt hash/);
    expect(staffWriteRefusal(A, { ...account(), pinHash: HASH }, null)).toMatch(/carries the field "pinHash"/);
    expect(staffWriteRefusal(A, { _id: 'staff-account:juma', _deleted: true }, account())).toMatch(/never deleted by a hub/);
  });

  it('compares travelling fields only, and reads revision generations', () => {
    expect(sameStaffAccount(account({ _rev: '1-a' }), account({ _rev: '2-b' }))).toBe(true);
    expect(sameStaffAccount(account(), account({ active: false }))).toBe(false);
    expect(sameStaffAccount(account(), { ...account(), disabledBy: 'central' })).toBe(false);
    expect(revisionGeneration('12-abc')).toBe(12);
    expect(revisionGeneration(undefined)).toBe(0);
  });
});
