import { Type, type Static } from 'typebox';
import { Language, Name, Password, Username } from '../people/schemas.ts';

export const HubName = Type.String({ minLength: 1, maxLength: 80, pattern: '\\S', description: "The truck's name, shown in every page's header" });
export const Country = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 code, e.g. "KE", "SN"' });

export const SetupBody = Type.Object(
  {
    hubName: HubName,
    country: Country,
    language: Language,
    admin: Type.Object(
      {
        username: Username,
        password: Password,
        givenName: Type.Optional(Name),
        familyName: Type.Optional(Name),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type SetupBody = Static<typeof SetupBody>;

export const Settings = Type.Object(
  {
    hubName: Type.String(),
    country: Type.String(),
    defaultLanguage: Type.String(),
    allowNoPin: Type.Boolean({ description: 'Learners flagged noPin (young children) may sign in without a PIN' }),
    learnerIdleMinutes: Type.Integer({ description: "A learner's session on a workstation ends after this many idle minutes" }),
  },
  { title: 'HubSettings' },
);
export type Settings = Static<typeof Settings>;

export const SettingsChange = Type.Object(
  {
    hubName: Type.Optional(HubName),
    country: Type.Optional(Country),
    defaultLanguage: Type.Optional(Language),
    allowNoPin: Type.Optional(Type.Boolean()),
    learnerIdleMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 240 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type SettingsChange = Static<typeof SettingsChange>;

export const SetupResult = Type.Object({
  hub: Settings,
  admin: Type.Object({ id: Type.String(), displayName: Type.String(), roles: Type.Array(Type.String()) }),
  csrfToken: Type.Optional(Type.String({ description: 'The new administrator is signed in on this browser' })),
});
