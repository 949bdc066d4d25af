// A roaming staff account as central holds it (sync/staff/staff-documents.ts),
// for the tests of the rules a hub's writes meet: two hub ids and a
// well-formed scrypt hash.
import type { StaffAccountDoc } from '../../sync/staff/staff-documents.ts';

export const HUB_A = 'hub-aaaaaaaaaa';
export const HUB_B = 'hub-bbbbbbbbbb';
export const SCRYPT_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';

/** Juma, a teacher of hub A, with `change` applied. */
export const staffAccount = (change: Partial<StaffAccountDoc> = {}): StaffAccountDoc => ({
  _id: 'staff-account:juma',
  type: 'staff-account',
  username: 'juma',
  personId: `person:${HUB_A}:p1`,
  homeHubId: HUB_A,
  roles: ['teacher'],
  givenName: 'Juma',
  familyName: 'Mwangi',
  passwordHash: SCRYPT_HASH,
  active: true,
  updatedAt: '2026-11-22T08:00:00.000Z',
  ...change,
});
