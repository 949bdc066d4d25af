// A person as the hub's code sees it (`Person`) is two documents on disk: the
// pseudonymous `person` in the hub database, which replicates to central, and
// its `person-private` twin in the local database, which never leaves the hub
// (sync/documents.ts, PERSONAL_FIELDS). These pure functions split one into the
// other and join them back; only the people repository and the start-up
// migration call them.
import { AGE_BANDS, PERSONAL_FIELDS, personPrivateId, type PersonalFields, type PersonDoc, type PersonPrivateDoc } from '../../sync/documents.ts';

/** A whole person: what travels and what stays, joined. `_rev` is the person
 * document's revision. */
export type Person = PersonDoc & PersonalFields;

/** A stored person document that may still carry personal fields: one written
 * before they moved to the local database, or one from another hub. */
type StoredPersonDoc = PersonDoc & Partial<PersonalFields>;

export function hasPersonalFields(doc: object): boolean {
  return PERSONAL_FIELDS.some((key) => (doc as Record<string, unknown>)[key] !== undefined);
}

/** The pseudonymous document and the personal fields of a person. */
export function splitPerson(person: Person | StoredPersonDoc): { doc: PersonDoc; personal: PersonalFields } {
  const doc = { ...person } as Record<string, unknown>;
  const personal = { givenName: person.givenName ?? '', familyName: person.familyName ?? '' } as PersonalFields;
  for (const key of PERSONAL_FIELDS) {
    if (person[key] !== undefined) (personal as unknown as Record<string, unknown>)[key] = person[key];
    delete doc[key];
  }
  return { doc: doc as unknown as PersonDoc, personal };
}

/** The local document that holds a person's personal fields; `current` (the one
 * on disk, if any) gives its revision and creation time. */
export function privateDocOf(personId: string, personal: PersonalFields, updatedAt: string, current: PersonPrivateDoc | null): PersonPrivateDoc {
  return {
    _id: personPrivateId(personId),
    ...(current?._rev ? { _rev: current._rev } : {}),
    type: 'person-private',
    personId,
    createdAt: current?.createdAt ?? updatedAt,
    updatedAt,
    ...personal,
  };
}

/** Whether the private document already holds exactly these personal fields. */
export function samePersonalFields(current: PersonPrivateDoc | null, personal: PersonalFields): boolean {
  if (!current) return false;
  return PERSONAL_FIELDS.every((key) => current[key] === personal[key]);
}

/** Joins a person document and its private twin. The private document wins;
 * without one (a person from another hub, or a write cut between the two
 * documents) the person still reads, with whatever names its document carries
 * or none. */
export function mergePerson(doc: StoredPersonDoc, secret: PersonPrivateDoc | null): Person {
  if (!secret) return { ...doc, givenName: doc.givenName ?? '', familyName: doc.familyName ?? '' };
  const { doc: pseudonymous } = splitPerson(doc);
  const person = { ...pseudonymous, givenName: secret.givenName ?? '', familyName: secret.familyName ?? '' } as Person;
  for (const key of PERSONAL_FIELDS) if (secret[key] !== undefined) (person as unknown as Record<string, unknown>)[key] = secret[key];
  return person;
}

/** The age band of someone born in `birthYear`, as of `now`. The birth year
 * stays on the hub; the band is what central's impact figures group by. */
export function ageBandFor(birthYear: number, now = new Date()): (typeof AGE_BANDS)[number] {
  const age = Math.max(0, now.getUTCFullYear() - birthYear);
  if (age >= 50) return '50+';
  if (age >= 35) return '35-49';
  if (age >= 25) return '25-34';
  if (age >= 20) return '20-24';
  if (age >= 15) return '15-19';
  if (age >= 10) return '10-14';
  return '0-9';
}
