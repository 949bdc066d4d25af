// The people API's shapes. Types come from the schemas (Static<>), never
// written twice. Field limits are the bad-input rules: names 1–80 characters
// with at least one non-space, usernames 3–32 of [a-z0-9._-], passwords 8–200,
// PINs exactly 4 digits.
import { Type, type Static } from 'typebox';
import { ROLES } from '../auth/capabilities.ts';

const NOT_BLANK = '\\S';

export const Name = Type.String({ minLength: 1, maxLength: 80, pattern: NOT_BLANK });
export const Username = Type.String({ minLength: 3, maxLength: 32, pattern: '^[A-Za-z0-9._-]+$', description: 'Letters, digits, dot, dash, underscore; compared without case' });
export const Password = Type.String({ minLength: 8, maxLength: 200, description: 'At least 8 characters' });
export const Pin = Type.String({ pattern: '^[0-9]{4}$', description: 'Exactly 4 digits' });
// Literal unions written out: mapping over the constant lists would lose the static types.
export const Role = Type.Union([Type.Literal('learner'), Type.Literal('teacher'), Type.Literal('trainer'), Type.Literal('admin')]);
export const Roles = Type.Array(Role, { minItems: 1, maxItems: ROLES.length, uniqueItems: true });
export const Gender = Type.Union([Type.Literal('female'), Type.Literal('male'), Type.Literal('other'), Type.Literal('prefer-not-to-say')], {
  description: '"prefer-not-to-say" is a valid answer',
});
export const AgeBand = Type.Union([
  Type.Literal('0-9'), Type.Literal('10-14'), Type.Literal('15-19'), Type.Literal('20-24'), Type.Literal('25-34'), Type.Literal('35-49'), Type.Literal('50+'),
]);
export const Language = Type.String({ pattern: '^[a-z]{2,3}(-[A-Z]{2})?$', description: 'A BCP 47 language, e.g. "sw" or "fr"' });
export const PersonId = Type.String({ pattern: '^person:[^:]+:[^:]+$', maxLength: 100 });

const profileFields = {
  gender: Type.Optional(Gender),
  birthYear: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2100 })),
  ageBand: Type.Optional(AgeBand),
  community: Type.Optional(Type.String({ minLength: 1, maxLength: 80, pattern: NOT_BLANK, description: 'Community or village' })),
  language: Type.Optional(Language),
  guardianContact: Type.Optional(Type.String({ minLength: 1, maxLength: 120, description: "A guardian's phone or name (optional)" })),
  noPin: Type.Optional(Type.Boolean({ description: 'A young child who signs in without a PIN, where the hub allows it' })),
};

export const CreatePersonBody = Type.Object(
  {
    givenName: Name,
    familyName: Name,
    roles: Roles,
    username: Type.Optional(Username),
    password: Type.Optional(Password),
    pin: Type.Optional(Pin),
    ...profileFields,
  },
  { additionalProperties: false },
);
export type CreatePersonBody = Static<typeof CreatePersonBody>;

export const UpdatePersonBody = Type.Object(
  {
    givenName: Type.Optional(Name),
    familyName: Type.Optional(Name),
    roles: Type.Optional(Roles),
    username: Type.Optional(Username),
    password: Type.Optional(Password),
    pin: Type.Optional(Pin),
    active: Type.Optional(Type.Boolean({ description: 'false deactivates: the person keeps their history and cannot sign in' })),
    ...profileFields,
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdatePersonBody = Static<typeof UpdatePersonBody>;

export const PersonView = Type.Object(
  {
    id: Type.String(),
    givenName: Type.String(),
    familyName: Type.String(),
    displayName: Type.String(),
    roles: Type.Array(Type.String()),
    username: Type.Optional(Type.String()),
    ...profileFields,
    hasPin: Type.Boolean(),
    hasPassword: Type.Boolean(),
    active: Type.Boolean(),
    locked: Type.Boolean({ description: 'Locked after too many wrong PINs or passwords' }),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { title: 'Person' },
);
export type PersonView = Static<typeof PersonView>;

export const PeopleQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 80, description: 'Part of a name, username or community' })),
    role: Type.Optional(Role),
    includeInactive: Type.Optional(Type.Boolean({ default: false })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
export type PeopleQuery = Static<typeof PeopleQuery>;

export const PeopleList = Type.Object({ people: Type.Array(PersonView), total: Type.Integer() });

export const PersonParams = Type.Object({ id: PersonId });
export const PinBody = Type.Object({ pin: Pin }, { additionalProperties: false });
