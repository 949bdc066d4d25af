import { Type, type Static } from 'typebox';

export const HealthResponse = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')], {
    description: '`ok` when the store answers; `degraded` when it does not',
  }),
  version: Type.String({ description: 'Darasa version running on this hub' }),
  hubId: Type.String({ description: "This hub's id, generated on first start" }),
  uptimeSeconds: Type.Number({ description: 'Seconds since the hub process started serving' }),
  documents: Type.Integer({ description: 'Documents in the hub database (records that sync to central)' }),
});
export type HealthResponse = Static<typeof HealthResponse>;

export const HubResponse = Type.Object({
  id: Type.String(),
  name: Type.Union([Type.String(), Type.Null()], { description: 'The truck/hub name, null until setup is done' }),
  version: Type.String(),
  setupDone: Type.Boolean({ description: 'Whether first-run setup (POST /api/setup) has been done' }),
  defaultLanguage: Type.Union([Type.String(), Type.Null()], { description: 'The language the app starts in on a new workstation, null until setup' }),
});
export type HubResponse = Static<typeof HubResponse>;
