// The travelling (roaming) staff accounts at central, for the dashboard's
// "Travelling staff" page (issue 9):
//   GET  /api/central/staff-accounts                    programme managers, administrators
//   POST /api/central/staff-accounts/:username/disable  administrators
// The accounts are central's `staff-account:<username>` documents in
// `darasa-staff` (sync/staff/). Privacy: a staff account carries a person's
// names and password hash; the dashboard answers the username (needed to act),
// the given name and the family name's initial, the roles, the home hub and the
// status — never the hash, the full family name or the home person id.
// Analysts are refused: they read aggregate figures, and these are named people.
// Disabling is `disableStaffAtCentral()`, as `darasa central disable-staff`:
// every hub refuses the account after its next sync.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { CentralError, couchRequest, type CentralAdmin } from '../../sync/central/couch-http.ts';
import { hubDatabase } from '../../sync/central/provision.ts';
import { DISABLED_AT_CENTRAL } from '../../sync/staff/staff-documents.ts';
import { disableStaffAtCentral, listStaffAtCentral, type StaffAccountSummary } from '../../sync/staff/admin.ts';
import { Errors } from '../errors.ts';

export interface RoamingStaffRoutesOptions {
  central: CentralAdmin;
}

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const RoamingStaffAccount = Type.Object({
  username: Type.String({ description: 'as typed at sign-in on any hub (lower case)' }),
  displayName: Type.String({ description: 'given name and the initial of the family name only, e.g. "Juma M."' }),
  roles: Type.Array(Type.String(), { description: 'teacher and/or trainer (the admin role never travels)' }),
  homeHubId: Type.String(),
  homeHubName: Nullable(Type.String({ description: "the home hub's name from its settings at central; null when central has none" })),
  active: Type.Boolean(),
  disabledAt: Nullable(Type.String()),
  disabledBy: Nullable(Type.String({ description: 'a hub id, or "central" (the dashboard or `darasa central disable-staff`)' })),
  disabledByName: Nullable(Type.String({ description: 'the name of the hub that disabled it, when known' })),
  updatedAt: Type.String(),
});
export type RoamingStaffAccountView = Static<typeof RoamingStaffAccount>;

const List = Type.Object({ accounts: Type.Array(RoamingStaffAccount) });
const Disabled = Type.Object({
  account: RoamingStaffAccount,
  changed: Type.Boolean({ description: 'false when the account was already disabled (nothing changed)' }),
});
const Params = Type.Object({ username: Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$', description: 'the username, any case' }) });

/** Given name and family initial: enough to tell two people apart on a list, no more. */
export function shortName(givenName: string, familyName: string): string {
  const initial = [...familyName.trim()][0];
  return [givenName.trim(), initial ? `${initial.toUpperCase()}.` : ''].filter(Boolean).join(' ');
}

/** The names of these hubs from their settings at central (`hub:<id>:settings`); unknown ones are left out. */
async function hubNames(central: CentralAdmin, hubIds: Iterable<string>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  await Promise.all(
    [...new Set(hubIds)].filter((id) => id !== DISABLED_AT_CENTRAL).map(async (hubId) => {
      const answer = await couchRequest<{ name?: unknown }>(central, 'GET', `/${encodeURIComponent(hubDatabase(hubId))}/${encodeURIComponent(`hub:${hubId}:settings`)}`);
      if (answer.status === 200 && typeof answer.body.name === 'string' && answer.body.name) names.set(hubId, answer.body.name);
    }),
  );
  return names;
}

function view(account: StaffAccountSummary, names: Map<string, string>): RoamingStaffAccountView {
  return {
    username: account.username,
    displayName: shortName(account.givenName, account.familyName),
    roles: account.roles,
    homeHubId: account.homeHubId,
    homeHubName: names.get(account.homeHubId) ?? null,
    active: account.active,
    disabledAt: account.disabledAt ?? null,
    disabledBy: account.disabledBy ?? null,
    disabledByName: account.disabledBy ? (names.get(account.disabledBy) ?? null) : null,
    updatedAt: account.updatedAt,
  };
}

const routes: FastifyPluginAsyncTypebox<RoamingStaffRoutesOptions> = async (app, { central }) => {
  const tags = ['central'];
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 503: ErrorBody };

  app.get('/api/central/staff-accounts', {
    config: { centralCapability: 'central.roaming-staff.read' },
    schema: {
      tags,
      summary: 'The travelling staff accounts (teachers and trainers who sign in on every truck), with their status',
      description: 'From `darasa-staff` at central. Names are given name and family initial only; the password hash, the full family name and the home person id are never answered.',
      response: { 200: List, ...errors },
    },
  }, async () => {
    try {
      const accounts = await listStaffAtCentral(central);
      const names = await hubNames(central, accounts.flatMap((a) => [a.homeHubId, ...(a.disabledBy ? [a.disabledBy] : [])]));
      return { accounts: accounts.map((a) => view(a, names)) };
    } catch (error) {
      if (error instanceof CentralError) throw new Errors.CENTRAL_UNAVAILABLE(error.message);
      throw error;
    }
  });

  app.post('/api/central/staff-accounts/:username/disable', {
    config: { centralCapability: 'central.roaming-staff.disable' },
    schema: {
      tags,
      summary: 'Disable a travelling staff account everywhere: every hub refuses it after its next sync, and its home hub deactivates the person',
      description: 'Safe to repeat: an account already disabled answers 200 with `changed: false` and keeps who disabled it first. Re-enabling is the home hub\'s decision (reactivating the person there).',
      params: Params,
      response: { 200: Disabled, 404: ErrorBody, ...errors },
    },
  }, async (request) => {
    const username = request.params.username.toLowerCase();
    try {
      const { account, changed } = await disableStaffAtCentral(central, username);
      if (changed) request.log.info({ username, by: request.staff?.username }, 'travelling staff account disabled at central');
      const names = await hubNames(central, [account.homeHubId, ...(account.disabledBy ? [account.disabledBy] : [])]);
      return { account: view(account, names), changed };
    } catch (error) {
      if (error instanceof CentralError && error.status === 404) throw new Errors.UNKNOWN_ROAMING_STAFF(username);
      if (error instanceof CentralError) throw new Errors.CENTRAL_UNAVAILABLE(error.message);
      throw error;
    }
  });
};

export default routes;
