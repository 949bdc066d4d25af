// Shapes of the visiting staff routes (roaming-routes.ts).
import { Type, type Static } from 'typebox';

export const RoamingStaffView = Type.Object(
  {
    username: Type.String(),
    personId: Type.String({ description: 'The person on their home hub; events they make here carry it' }),
    homeHubId: Type.String(),
    givenName: Type.String(),
    familyName: Type.String(),
    displayName: Type.String(),
    roles: Type.Array(Type.String(), { description: 'teacher and/or trainer: the admin role never roams' }),
    active: Type.Boolean(),
    disabledAt: Type.Optional(Type.String()),
    disabledBy: Type.Optional(Type.String({ description: 'A hub id, or "central"' })),
    pendingSync: Type.Boolean({ description: 'Disabled here; central and the other hubs learn it at the next sync' }),
    updatedAt: Type.String(),
  },
  { title: 'RoamingStaff' },
);
export type RoamingStaffView = Static<typeof RoamingStaffView>;

export const RoamingStaffList = Type.Object({
  visiting: Type.Array(RoamingStaffView),
  refused: Type.Array(Type.Object({ username: Type.String(), reason: Type.String(), at: Type.String() }), {
    description: "This hub's staff accounts central refused at the last sync (a username another hub holds)",
  }),
  lastExchangeAt: Type.Union([Type.String(), Type.Null()], { description: 'The last sync that exchanged staff accounts with central' }),
});
export type RoamingStaffList = Static<typeof RoamingStaffList>;

export const RoamingParams = Type.Object({
  username: Type.String({ minLength: 3, maxLength: 32, pattern: '^[A-Za-z0-9._-]+$' }),
});
