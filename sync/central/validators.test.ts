// The validator is CouchDB JavaScript in a string; here it runs in Node's vm
// with CouchDB's calling convention (throw {forbidden}) so its rules are
// checked without a server. central-*.test.ts checks it inside a server too.
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_TYPES, PERSONAL_FIELDS } from '../documents.ts';
import { hubValidateDocUpdate, hubWritableTypes, LIBRARY_VALIDATE_DOC_UPDATE } from './validators.ts';

const HUB = 'hub-abcdefgh23';
const hubUser = { name: `darasa-${HUB}`, roles: ['darasa-hub'] };
const admin = { name: 'admin', roles: ['_admin'] };

type Validator = (newDoc: object, oldDoc: object | null, userCtx: object, secObj: object) => void;

function compile(source: string): Validator {
  // A fresh context without Node's globals, closer to CouchDB's sandbox.
  return vm.runInNewContext(`(${source})`, {}) as Validator;
}

function refusal(validate: Validator, doc: object, userCtx: object = hubUser): string | null {
  try {
    validate(doc, null, userCtx, {});
    return null;
  } catch (error) {
    return (error as { forbidden?: string }).forbidden ?? `not a CouchDB refusal: ${String(error)}`;
  }
}

describe('hub validate_doc_update', () => {
  const validate = compile(hubValidateDocUpdate(HUB));

  it('lists exactly the hub-partition types of sync/documents.ts', () => {
    const expected = Object.entries(DOCUMENT_TYPES)
      .filter(([, spec]) => spec.partition === 'hub')
      .map(([type]) => type);
    expect(hubWritableTypes().sort()).toEqual(expected.sort());
    expect(hubWritableTypes()).toContain('event');
    expect(hubWritableTypes()).not.toContain('account');
    expect(hubWritableTypes()).not.toContain('course');
  });

  it("accepts the hub's own documents of hub-writable types", () => {
    for (const type of hubWritableTypes()) {
      expect(refusal(validate, { _id: `${type}:${HUB}:x1`, type })).toBeNull();
    }
  });

  it("refuses a document claiming another hub's id", () => {
    expect(refusal(validate, { _id: 'event:hub-zzzzzzzzzz:x1', type: 'event' })).toMatch(/does not belong to hub hub-abcdefgh23/);
    // A prefix of the hub id is not the hub id.
    expect(refusal(validate, { _id: `event:${HUB}x:x1`, type: 'event' })).toMatch(/does not belong/);
    expect(refusal(validate, { _id: `event:${HUB}:`, type: 'event' })).toMatch(/does not belong/);
  });

  it('refuses types hubs may not write, local secrets included', () => {
    expect(refusal(validate, { _id: `course:${HUB}:c1`, type: 'course' })).toMatch(/may not write documents of type "course"/);
    expect(refusal(validate, { _id: `account:${HUB}:a1`, type: 'account' })).toMatch(/type "account"/);
    expect(refusal(validate, { _id: 'no-colon', type: 'event' })).toMatch(/type ""/);
  });

  it("refuses a type field that differs from the id's prefix", () => {
    expect(refusal(validate, { _id: `person:${HUB}:p1`, type: 'event' })).toMatch(/has type "event", not "person"/);
    expect(refusal(validate, { _id: `person:${HUB}:p1` })).toMatch(/not "person"/);
  });

  it('refuses a person carrying a name or any other personal field, even from an administrator, and accepts the pseudonymous person', () => {
    const person = { _id: `person:${HUB}:p1`, type: 'person', roles: ['learner'], gender: 'female', ageBand: '10-14', active: true };
    expect(refusal(validate, person)).toBeNull();
    expect(refusal(validate, { ...person, givenName: 'Neema' })).toMatch(/person person:hub-abcdefgh23:p1 carries the personal field "givenName": names and contact details stay on the hub/);
    for (const field of PERSONAL_FIELDS) {
      expect(refusal(validate, { ...person, [field]: field === 'birthYear' ? 2012 : 'x' })).toMatch(new RegExp(`"${field}"`));
      expect(refusal(validate, { ...person, [field]: '' }, admin)).toMatch(new RegExp(`"${field}"`));
    }
    // A document that only calls itself a person is checked too (it is refused for its id anyway).
    expect(refusal(validate, { _id: `event:${HUB}:e1`, type: 'person', familyName: 'Achieng' })).toMatch(/personal field "familyName"/);
  });

  it('refuses deleting an event but lets a hub delete its other documents', () => {
    expect(refusal(validate, { _id: `event:${HUB}:e1`, _deleted: true })).toMatch(/events are never deleted/);
    expect(refusal(validate, { _id: `person:${HUB}:p1`, _deleted: true })).toBeNull();
  });

  it("lets central's administrators write anything", () => {
    expect(refusal(validate, { _id: 'course:anything', type: 'course' }, admin)).toBeNull();
    expect(refusal(validate, { _id: `event:${HUB}:e1`, _deleted: true }, admin)).toBeNull();
  });

  it('is ES5 (CouchDB 3 runs it in its own engine) with values that cannot break out of their strings', () => {
    const source = hubValidateDocUpdate(HUB);
    expect(source).not.toMatch(/=>|\blet\b|\bconst\b|`|\.startsWith\(|\.includes\(/);
    const hostile = hubValidateDocUpdate('hub-"); throw 1; ("', ['event']);
    expect(() => compile(hostile)).not.toThrow();
  });
});

describe('library validate_doc_update', () => {
  const validate = compile(LIBRARY_VALIDATE_DOC_UPDATE);

  it('refuses every write by a hub and accepts an administrator', () => {
    expect(refusal(validate, { _id: 'course:c1', type: 'course' })).toMatch(/central administrators only/);
    expect(refusal(validate, { _id: 'course:c1', type: 'course' }, admin)).toBeNull();
  });
});
