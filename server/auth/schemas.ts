import { Type, type Static } from 'typebox';

export const Me = Type.Object(
  {
    id: Type.String(),
    displayName: Type.String(),
    roles: Type.Array(Type.String({ description: 'learner, teacher, trainer or admin' })),
    hubId: Type.Optional(Type.String()),
    language: Type.Optional(Type.String({ description: "the person's preferred language, when their profile has one" })),
    kind: Type.Union([Type.Literal('staff'), Type.Literal('learner')], { description: 'learner sessions end after the hub\'s learner idle time' }),
    idleSeconds: Type.Integer({ description: 'The session ends after this many seconds without a request' }),
  },
  { title: 'Me' },
);
export type Me = Static<typeof Me>;

export const SignedIn = Type.Object({
  user: Me,
  csrfToken: Type.String({ description: 'Send it back in the x-csrf-token header on POST, PATCH, PUT and DELETE' }),
});

export const StaffSignInBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 32 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const LearnerSignInBody = Type.Object(
  {
    personId: Type.String({ minLength: 1, maxLength: 100 }),
    pin: Type.Optional(Type.String({ pattern: '^[0-9]{4}$', description: 'Omitted for a child allowed to sign in without a PIN' })),
  },
  { additionalProperties: false },
);

export const CsrfToken = Type.Object({ csrfToken: Type.String() });

export const PickerList = Type.Object({
  learners: Type.Array(
    Type.Object({
      id: Type.String(),
      displayName: Type.String({ description: 'Given name and initial of the family name' }),
      initials: Type.String(),
      noPin: Type.Boolean({ description: 'Signs in without a PIN' }),
    }),
  ),
});

export const SessionState = Type.Object({
  user: Type.Union([Me, Type.Null()]),
  csrfToken: Type.Union([Type.String(), Type.Null()]),
});
