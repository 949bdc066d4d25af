import { describe, expect, it } from 'vitest';
import { hubDocumentRefusal } from './hub-ownership.ts';
import { hubValidateDocUpdate } from './validators.ts';

const HUB = 'hub-abcdefgh23';
const OTHER = 'hub-zzzzzzzz22';

type Validate = (newDoc: object, oldDoc: object | null, userCtx: { roles: string[] }, secObj: object) => void;
// The validator as central runs it (it is ES5 source text).
const validate = new Function(`return (${hubValidateDocUpdate(HUB)});`)() as Validate;

function centralSays(doc: object): string | null {
  try {
    validate(doc, null, { name: `darasa-${HUB}`, roles: ['darasa-hub'] } as never, {});
    return null;
  } catch (error) {
    return (error as { forbidden: string }).forbidden;
  }
}

const cases: [string, object][] = [
  ['an event of this hub', { _id: `event:${HUB}:e1`, type: 'event' }],
  ['an event claiming another hub', { _id: `event:${OTHER}:e1`, type: 'event' }],
  ['a type hubs may not write', { _id: `course:${HUB}:c1`, type: 'course' }],
  ['an id with no type', { _id: 'no-colon', type: 'event' }],
  ['an empty local id', { _id: `event:${HUB}:`, type: 'event' }],
  ['a deleted event', { _id: `event:${HUB}:e1`, _deleted: true }],
  ['a deleted person', { _id: `person:${HUB}:p1`, _deleted: true }],
  ['a type field that differs from the id', { _id: `person:${HUB}:p1`, type: 'event' }],
  ['a missing type field', { _id: `hub:${HUB}:settings` }],
  ['the hub settings', { _id: `hub:${HUB}:settings`, type: 'hub' }],
  ['a pseudonymous person', { _id: `person:${HUB}:p1`, type: 'person', roles: ['learner'], ageBand: '10-14' }],
  ['a person carrying a name', { _id: `person:${HUB}:p1`, type: 'person', givenName: 'Amina' }],
  ['a person of another hub carrying a name', { _id: `person:${OTHER}:p1`, type: 'person', familyName: 'Otieno' }],
];

describe('hubDocumentRefusal', () => {
  it.each(cases)('decides like central’s validator: %s', (_name, doc) => {
    expect(hubDocumentRefusal(HUB, doc as never)).toBe(centralSays(doc));
  });

  it('names the other hub’s document it refuses', () => {
    expect(hubDocumentRefusal(HUB, { _id: `event:${OTHER}:e1`, type: 'event' })).toBe(`document event:${OTHER}:e1 does not belong to hub ${HUB}`);
  });
});
