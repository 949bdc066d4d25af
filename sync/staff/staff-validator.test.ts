// Central's staff validator, run in Node's vm with CouchDB's calling
// convention (see central/validators.test.ts); tests/integration/roaming-staff
// checks it inside the embedded central, central-staff-couchdb against CouchDB 3.
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { HUB_ROLE } from '../central/provision.ts';
import { STAFF_VALIDATE_DOC_UPDATE } from './staff-validator.ts';
import { HUB_A, HUB_B, SCRYPT_HASH, staffAccount } from '../../tests/support/staff-account.ts';

type Validator = (newDoc: object, oldDoc: object | null, userCtx: object, secObj: object) => void;
const validate = vm.runInNewContext(`(${STAFF_VALIDATE_DOC_UPDATE})`, {}) as Validator;

const A = HUB_A;
const B = HUB_B;
const HASH = SCRYPT_HASH;
const account = staffAccount;
const hub = (id: string) => ({ name: `darasa-${id}`, roles: [HUB_ROLE] });
const admin = { name: 'admin', roles: ['_admin'] };

function refusal(doc: object, old: object | null, userCtx: object): string | null {
  try {
    validate(doc, old, userCtx, {});
    return null;
  } catch (error) {
    return (error as { forbidden?: string }).forbidden ?? `not a CouchDB refusal: ${String(error)}`;
  }
}

describe('darasa-staff validate_doc_update', () => {
  it("lets a hub create and edit its own people's accounts", () => {
    expect(refusal(account(), null, hub(A))).toBeNull();
    expect(refusal(account({ givenName: 'Juma J.', roles: ['teacher', 'trainer'] }), account(), hub(A))).toBeNull();
    // The home hub may disable and enable again.
    expect(refusal(account({ active: false, disabledBy: A, disabledAt: 'x' }), account(), hub(A))).toBeNull();
    expect(refusal(account(), account({ active: false, disabledBy: 'central' }), hub(A))).toBeNull();
  });

  it("refuses a hub forging another hub's account", () => {
    expect(refusal(account(), null, hub(B))).toMatch(/hub hub-bbbbbbbbbb may only write staff accounts of its own people, not of hub hub-aaaaaaaaaa/);
    // Claiming its own home while naming another hub's person.
    expect(refusal(account({ homeHubId: B }), null, hub(B))).toMatch(/its person must belong to its home hub/);
  });

  it('refuses a hub claiming a username another hub holds', () => {
    const claim = account({ homeHubId: B, personId: `person:${B}:q9` });
    expect(refusal(claim, account(), hub(B))).toMatch(/the username "juma" is held by a staff account of hub hub-aaaaaaaaaa; choose another username/);
  });

  it("lets another hub only disable an account, as itself", () => {
    const disabled = account({ active: false, disabledBy: B, disabledAt: '2026-11-22T09:00:00.000Z', updatedAt: '2026-11-22T09:00:00.000Z' });
    expect(refusal(disabled, account(), hub(B))).toBeNull();
    expect(refusal({ ...disabled, disabledBy: A }, account(), hub(B))).toMatch(/may only disable/);
    expect(refusal({ ...disabled, passwordHash: HASH.replace('BBBB', 'CCCC') }, account(), hub(B))).toMatch(/not change its "passwordHash"/);
    expect(refusal({ ...disabled, roles: ['teacher', 'trainer'] }, account(), hub(B))).toMatch(/not change its "roles"/);
    // Enabling someone else's account, or re-disabling it under its own name.
    expect(refusal(account(), account({ active: false, disabledBy: 'central' }), hub(B))).toMatch(/may only disable/);
    expect(refusal(disabled, account({ active: false, disabledBy: 'central' }), hub(B))).toMatch(/may only disable/);
  });

  it('refuses deletion by a hub, allows it to an administrator', () => {
    expect(refusal({ _id: 'staff-account:juma', _deleted: true }, account(), hub(A))).toMatch(/never deleted by a hub/);
    expect(refusal({ _id: 'staff-account:juma', _deleted: true }, account(), admin)).toBeNull();
  });

  it('refuses, for everyone, a PIN hash or any other field, a non-scrypt secret, a role that does not roam', () => {
    for (const who of [hub(A), admin]) {
      expect(refusal({ ...account(), pinHash: HASH }, null, who)).toMatch(/carries the field "pinHash"/);
      expect(refusal({ ...account(), birthYear: 1990 }, null, who)).toMatch(/carries the field "birthYear"/);
      expect(refusal(account({ passwordHash: 'correct horse battery' }), null, who)).toMatch(/salted scrypt hash/);
      expect(refusal(account({ roles: ['admin'] }), null, who)).toMatch(/role "admin" does not roam/);
      expect(refusal(account({ roles: ['learner'] }), null, who)).toMatch(/role "learner" does not roam/);
      expect(refusal(account({ roles: [] }), null, who)).toMatch(/has no roles/);
    }
  });

  it('refuses a malformed id or username, and anyone who is neither a hub nor an administrator', () => {
    expect(refusal(account({ _id: 'staff-account:other' }), null, hub(A))).toMatch(/must be named staff-account:<username>/);
    expect(refusal(account({ _id: 'staff-account:Juma', username: 'Juma' }), null, hub(A))).toMatch(/lower-case username/);
    expect(refusal(account(), null, { name: 'someone', roles: [] })).toMatch(/only hubs and central administrators/);
    expect(refusal(account(), null, { name: 'darasa-central', roles: [HUB_ROLE] })).toMatch(/may not call itself central|may only write/);
  });
});
