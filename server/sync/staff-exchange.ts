// The hub's exchange of staff accounts with central, one step of every sync run
// (service.ts), after the records and before the library:
//   1. read central's `darasa-staff` changes since the checkpoint: another
//      hub's account becomes (or updates) a `roaming-staff` copy here, so that
//      teacher or trainer signs in on this truck; one of this hub's own accounts
//      that someone else disabled (another hub, central's administrator)
//      deactivates the person here. A disabled account's sessions end at once.
//   2. send this hub's staff accounts that changed (teachers and trainers with
//      a username and password; a deactivated person, or one no longer staff,
//      as active: false): only the travelling fields (sync/staff/staff-documents.ts).
//   3. send the disables of visiting accounts made here.
// Reading first means a disable learned in step 1 is never overwritten by a
// stale "active" from this hub in step 2. Every write names the revision it
// replaces; a lost race (409) is retried at the next sync, after the next read.
// Learners never appear here: their PINs and names stay on the hub.
// A truck with no link runs the same steps by USB: `staffForCentral` gives
// steps 2 and 3's accounts for its export file (sync/usb/), and
// `applyStaffFromCentral` runs step 1 on the accounts of central's library
// file (server/sync/usb-import-routes.ts, server/cli/usb-library.ts).
import type { Accounts } from '../auth/accounts.ts';
import { toSessionUser } from '../auth/user.ts';
import { roamingPerson } from '../people/repository.ts';
import { updatePerson } from '../people/service.ts';
import type { RoamingStaffDoc } from '../../sync/training-documents.ts';
import { readStaffChanges, writeStaffAccount, type StaffChange, type StaffSource } from '../../sync/staff/central-staff.ts';
import { revisionGeneration } from '../../sync/staff/hub-write-rules.ts';
import { roamingRolesOf, staffAccountDigest, staffAccountId, type StaffAccountDoc } from '../../sync/staff/staff-documents.ts';
import { roamingStaffId, type StaffExchangeState } from './staff-repository.ts';

export interface StaffExchangeResult {
  /** Central has no staff database yet (it is made at the next hub registration). */
  unavailable: boolean;
  /** Accounts of other hubs added, changed or removed here. */
  pulled: number;
  /** This hub's accounts and disables written to central. */
  pushed: number;
  /** This hub's people deactivated because another hub or central disabled them. */
  deactivated: string[];
  refused: { username: string; reason: string }[];
}

/** What step 1 did: visiting accounts added (active), changed (or recorded
 * already disabled), disabled (or removed at central); this hub's people
 * deactivated because someone else disabled them. */
export interface StaffApplied {
  added: number;
  updated: number;
  disabled: number;
  deactivated: string[];
}

interface Log {
  info(msg: string): void;
  warn(obj: object, msg: string): void;
}

const sameRoles = (a: string[], b: string[]) => [...a].sort().join() === [...b].sort().join();

export async function exchangeStaff(accounts: Accounts, source: StaffSource, log: Log): Promise<StaffExchangeResult> {
  const result: StaffExchangeResult = { unavailable: false, pulled: 0, pushed: 0, deactivated: [], refused: [] };
  const roaming = accounts.people.roaming;
  let state = await roaming.getState();

  // 1. Read.
  const applied: StaffApplied = { added: 0, updated: 0, disabled: 0, deactivated: result.deactivated };
  for (;;) {
    const page = await readStaffChanges(source, state.since);
    if (!page) return { ...result, unavailable: true };
    for (const change of page.changes) await applyChange(accounts, state, change, applied, log);
    state = await roaming.updateState((s) => {
      s.since = page.lastSeq;
      s.own = state.own;
    });
    if (!page.more) break;
  }
  result.pulled = applied.added + applied.updated + applied.disabled;

  const at = new Date().toISOString();
  const { docs: ownDocs, refused } = await ownAccountsToSend(accounts, state, at);
  try {
    // 2. This hub's accounts.
    for (const doc of ownDocs) {
      const written = await writeStaffAccount(source, doc);
      if (written.ok) {
        state.own[doc.username] = { ...doc, _rev: written.rev };
        result.pushed += 1;
      } else if (!written.conflict) {
        refused.push({ username: doc.username, reason: written.forbidden, at });
      } else {
        log.info(`staff account ${doc.username} changed at central meanwhile; it is sent again at the next sync`);
      }
    }

    // 3. Disables made here of visiting accounts.
    for (const copy of await pendingDisables(accounts)) {
      const doc = disableOf(copy, accounts.hubId, at);
      const written = await writeStaffAccount(source, doc);
      if (written.ok) {
        await roaming.put({ ...copy, pendingDisable: undefined, centralRev: written.rev });
        result.pushed += 1;
      } else if (!written.conflict) {
        // Central knows better (e.g. it was disabled there already): the next read brings its version.
        await roaming.put({ ...copy, pendingDisable: undefined });
        refused.push({ username: copy.username, reason: written.forbidden, at });
      }
    }
  } catch (error) {
    // A cut part-way: keep the revisions central already acknowledged, so the next run does not resend them.
    await roaming.updateState((s) => (s.own = state.own));
    throw error;
  }

  result.refused = refused.map(({ username, reason }) => ({ username, reason }));
  for (const r of refused) log.warn({ username: r.username }, `central refused a staff account: ${r.reason}`);
  await roaming.updateState((s) => {
    s.own = state.own;
    s.refused = refused;
    s.lastExchangeAt = at;
  });
  return result;
}

/** Steps 2 and 3's accounts, for a USB file (sync/usb/export-hub-records.ts):
 * what this hub's next online sync would write to central, each naming the
 * revision of central's it replaces as far as this hub knows (none when new). */
export async function staffForCentral(accounts: Accounts): Promise<StaffAccountDoc[]> {
  const at = new Date().toISOString();
  const { docs } = await ownAccountsToSend(accounts, await accounts.people.roaming.getState(), at);
  return [...docs, ...(await pendingDisables(accounts)).map((copy) => disableOf(copy, accounts.hubId, at))];
}

/** Step 1 on central's accounts from a USB file (central's library file): the
 * same effects as reading them online. The exchange's checkpoint stays where
 * it is (the next online read finds these revisions and skips them); a file
 * older than what this hub has already heard never takes an account back. */
export async function applyStaffFromCentral(accounts: Accounts, changes: StaffChange[], log: Log): Promise<StaffApplied> {
  const roaming = accounts.people.roaming;
  const applied: StaffApplied = { added: 0, updated: 0, disabled: 0, deactivated: [] };
  const state = await roaming.getState();
  for (const change of changes) {
    const rev = change.deleted ? change.rev : change.doc._rev;
    const known = state.own[change.username]?._rev ?? (await roaming.get(change.username))?.centralRev;
    if (known && revisionGeneration(rev) < revisionGeneration(known)) continue;
    await applyChange(accounts, state, change, applied, log);
  }
  await roaming.updateState((s) => (s.own = state.own));
  return applied;
}

/** Step 1 for one account central holds (or deleted). */
async function applyChange(accounts: Accounts, state: StaffExchangeState, change: StaffChange, applied: StaffApplied, log: Log): Promise<void> {
  const roaming = accounts.people.roaming;
  if (change.deleted) {
    delete state.own[change.username];
    const copy = await roaming.get(change.username);
    if (copy) {
      await roaming.remove(change.username);
      await accounts.sessions.endAllFor(copy.personId);
      applied.disabled += 1;
    }
  } else if (change.doc.homeHubId === accounts.hubId) {
    await applyOwn(accounts, state, change.doc, applied, log);
  } else {
    delete state.own[change.username];
    const outcome = await applyVisiting(accounts, change.doc);
    if (outcome) applied[outcome] += 1;
  }
}

/** Another hub's account: store or update its copy; end sessions it no longer
 * allows (disabled, new password, other roles, other person). Says what changed. */
async function applyVisiting(accounts: Accounts, doc: StaffAccountDoc): Promise<'added' | 'updated' | 'disabled' | null> {
  const roaming = accounts.people.roaming;
  const existing = await roaming.get(doc.username);
  if (existing?.centralRev === doc._rev) return null;
  // A disable made here and not yet at central stays in force.
  const keepDisabled = Boolean(existing?.pendingDisable && doc.active);
  const next: RoamingStaffDoc = {
    _id: roamingStaffId(doc.username),
    ...(existing?._rev ? { _rev: existing._rev } : {}),
    type: 'roaming-staff',
    createdAt: existing?.createdAt ?? new Date().toISOString(),
    username: doc.username,
    personId: doc.personId,
    homeHubId: doc.homeHubId,
    roles: roamingRolesOf(doc.roles),
    givenName: doc.givenName,
    familyName: doc.familyName,
    passwordHash: doc.passwordHash,
    active: keepDisabled ? false : doc.active,
    updatedAt: doc.updatedAt,
    ...(keepDisabled ? { disabledAt: existing!.disabledAt, disabledBy: existing!.disabledBy, pendingDisable: true } : {}),
    ...(!keepDisabled && doc.disabledAt ? { disabledAt: doc.disabledAt } : {}),
    ...(!keepDisabled && doc.disabledBy ? { disabledBy: doc.disabledBy } : {}),
    ...(doc._rev ? { centralRev: doc._rev } : {}),
  };
  for (const key of Object.keys(next) as (keyof RoamingStaffDoc)[]) if (next[key] === undefined) delete next[key];
  await roaming.put(next);
  if (existing && existing.personId !== next.personId) await accounts.sessions.endAllFor(existing.personId);
  if (!next.active || (existing && (existing.passwordHash !== next.passwordHash || !sameRoles(existing.roles, next.roles)))) {
    await accounts.sessions.endAllFor(next.personId);
  } else if (existing) {
    await accounts.sessions.refresh(toSessionUser(roamingPerson(next)));
  }
  // A copy made already disabled is no news to anyone here: 'updated'.
  if (!next.active) return existing?.active ? 'disabled' : 'updated';
  return existing ? 'updated' : 'added';
}

/** One of this hub's accounts as central holds it. Disabled by someone else
 * (not a revision this hub wrote): the person is deactivated here too. */
async function applyOwn(accounts: Accounts, state: StaffExchangeState, doc: StaffAccountDoc, applied: StaffApplied, log: Log): Promise<void> {
  // A disable this hub made itself (its revision, or one its USB file carried)
  // is never applied back: the person may have been enabled again since.
  const ours = state.own[doc.username]?._rev === doc._rev || (!doc.active && doc.disabledBy === accounts.hubId);
  state.own[doc.username] = doc;
  if (ours || doc.active) return;
  const person = await accounts.people.getPerson(doc.personId);
  if (!person?.active) return;
  try {
    await updatePerson(accounts, person._id, { active: false }, null);
    applied.deactivated.push(person._id);
    log.info(`${doc.username} was disabled by ${doc.disabledBy ?? 'central'}: deactivated on this hub too`);
  } catch (error) {
    // The hub's last administrator is kept active (people service); the staff account stays disabled elsewhere.
    log.warn({ username: doc.username, err: (error as Error).message }, 'a staff account disabled elsewhere could not be deactivated here');
  }
}

/** Step 2's accounts: this hub's that central should hold and does not hold
 * so, less those whose username a visiting account holds here (refused, with
 * the reason the administrator reads). */
async function ownAccountsToSend(accounts: Accounts, state: StaffExchangeState, at: string): Promise<{ docs: StaffAccountDoc[]; refused: StaffExchangeState['refused'] }> {
  const docs: StaffAccountDoc[] = [];
  const refused: StaffExchangeState['refused'] = [];
  for (const doc of await wantedAtCentral(accounts, state)) {
    const taken = await accounts.people.roaming.get(doc.username);
    if (taken && taken.homeHubId !== accounts.hubId) {
      refused.push({ username: doc.username, reason: `the username "${doc.username}" is held by a staff account of hub ${taken.homeHubId}: give this person another username to let them sign in on other trucks`, at });
    } else {
      docs.push(doc);
    }
  }
  return { docs, refused };
}

/** Step 3's copies: visiting accounts disabled here, not yet at central. */
async function pendingDisables(accounts: Accounts): Promise<RoamingStaffDoc[]> {
  return (await accounts.people.roaming.list()).filter((copy) => copy.pendingDisable && copy.centralRev);
}

function disableOf(copy: RoamingStaffDoc, hubId: string, at: string): StaffAccountDoc {
  return { ...centralDocOf(copy), active: false, disabledBy: hubId, disabledAt: copy.disabledAt ?? at, updatedAt: copy.disabledAt ?? at };
}

/** The travelling copy of a roaming staff member's account, as central last held it. */
function centralDocOf(copy: RoamingStaffDoc): StaffAccountDoc {
  return {
    _id: staffAccountId(copy.username),
    ...(copy.centralRev ? { _rev: copy.centralRev } : {}),
    type: 'staff-account',
    username: copy.username,
    personId: copy.personId,
    homeHubId: copy.homeHubId,
    roles: copy.roles,
    givenName: copy.givenName,
    familyName: copy.familyName,
    passwordHash: copy.passwordHash,
    active: copy.active,
    updatedAt: copy.updatedAt,
    ...(copy.disabledAt ? { disabledAt: copy.disabledAt } : {}),
    ...(copy.disabledBy ? { disabledBy: copy.disabledBy } : {}),
  };
}

/** This hub's accounts that central should hold and does not hold so: its
 * teachers and trainers with a username and password, deactivated ones as
 * disabled; an account central holds whose person is no longer staff (or
 * changed username) is disabled. Each names the revision it replaces. */
async function wantedAtCentral(accounts: Accounts, state: StaffExchangeState): Promise<StaffAccountDoc[]> {
  const wanted: StaffAccountDoc[] = [];
  const seen = new Set<string>();
  for (const person of await accounts.people.listPeople()) {
    const roles = roamingRolesOf(person.roles);
    if (roles.length === 0 || !person.username) continue;
    const account = await accounts.people.getAccount(person._id);
    if (!account?.passwordHash) continue;
    const username = person.username.toLowerCase();
    seen.add(username);
    const known = state.own[username];
    const disabled = !person.active;
    // Never sent while active: nothing to disable elsewhere, and no hash need travel.
    if (disabled && !known) continue;
    const doc: StaffAccountDoc = {
      _id: staffAccountId(username),
      ...(known?._rev ? { _rev: known._rev } : {}),
      type: 'staff-account',
      username,
      personId: person._id,
      homeHubId: accounts.hubId,
      roles,
      givenName: person.givenName,
      familyName: person.familyName,
      passwordHash: account.passwordHash,
      active: !disabled,
      updatedAt: person.updatedAt,
      ...(disabled ? { disabledBy: known && !known.active ? (known.disabledBy ?? accounts.hubId) : accounts.hubId, disabledAt: known && !known.active ? (known.disabledAt ?? person.updatedAt) : person.updatedAt } : {}),
    };
    if (!known || staffAccountDigest(known) !== staffAccountDigest(doc)) wanted.push(doc);
  }
  const now = new Date().toISOString();
  for (const [username, known] of Object.entries(state.own)) {
    if (seen.has(username) || !known.active || known.homeHubId !== accounts.hubId) continue;
    wanted.push({ ...known, active: false, disabledBy: accounts.hubId, disabledAt: now, updatedAt: now });
  }
  return wanted;
}
