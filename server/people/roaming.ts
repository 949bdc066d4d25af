// Visiting staff: teachers and trainers of other hubs whose accounts came from
// central (server/sync/staff-exchange.ts). Operations:
//   listRoaming    — who may sign in here from another truck, and this hub's
//                    staff accounts central refused (a username held elsewhere)
//   disableRoaming — an administrator here disables a visiting account: refused
//                    here at once (sessions end), everywhere after the next syncs
// Visiting staff are read-only otherwise: their home hub edits them.
import type { RoamingStaffDoc } from '../../sync/training-documents.ts';
import type { Accounts } from '../auth/accounts.ts';
import { displayNameOf } from '../auth/user.ts';
import { Errors } from '../errors.ts';
import type { RoamingStaffList, RoamingStaffView } from './roaming-schemas.ts';

export function viewRoaming(doc: RoamingStaffDoc): RoamingStaffView {
  return {
    username: doc.username,
    personId: doc.personId,
    homeHubId: doc.homeHubId,
    givenName: doc.givenName,
    familyName: doc.familyName,
    displayName: displayNameOf(doc),
    roles: doc.roles,
    active: doc.active,
    ...(doc.disabledAt ? { disabledAt: doc.disabledAt } : {}),
    ...(doc.disabledBy ? { disabledBy: doc.disabledBy } : {}),
    pendingSync: Boolean(doc.pendingDisable),
    updatedAt: doc.updatedAt,
  };
}

export async function listRoaming(accounts: Accounts): Promise<RoamingStaffList> {
  const [copies, state] = await Promise.all([accounts.people.roaming.list(), accounts.people.roaming.getState()]);
  return {
    visiting: copies.map(viewRoaming).sort((a, b) => a.displayName.localeCompare(b.displayName)),
    refused: state.refused,
    lastExchangeAt: state.lastExchangeAt,
  };
}

export async function disableRoaming(accounts: Accounts, username: string): Promise<RoamingStaffView> {
  const copy = await accounts.people.roaming.get(username);
  if (!copy) throw new Errors.NOT_FOUND(`visiting staff account "${username.toLowerCase()}"`);
  if (!copy.active) return viewRoaming(copy);
  const at = new Date().toISOString();
  const saved = await accounts.people.roaming.put({ ...copy, active: false, disabledAt: at, disabledBy: accounts.hubId, pendingDisable: true });
  await accounts.sessions.endAllFor(copy.personId);
  return viewRoaming(saved);
}
