// Central's rules for `darasa-staff` (ES5 in a string: CouchDB 3 runs it in its
// own JavaScript engine, see central/validators.ts). For everyone, central's
// administrators included: a staff account carries only the travelling fields
// (staff-documents.ts; a PIN hash or any other field is refused), its id is
// `staff-account:<username>`, its roles are teacher/trainer, its password an
// scrypt hash string, and its person belongs to its home hub. Then, for a hub
// (CouchDB user `darasa-<hubId>`, role darasa-hub):
//   - it creates and edits the accounts whose home hub it is;
//   - on another hub's account it may only disable: `active` true → false,
//     `disabledBy` itself, `disabledAt` and `updatedAt`, nothing else changed;
//   - it may not take a username another hub's account holds, nor delete.
import { DISABLED_AT_CENTRAL, ROAMING_ROLES, STAFF_ACCOUNT_FIELDS } from './staff-documents.ts';

/** provision.ts's HUB_ROLE (not imported: provision.ts imports this file). */
const HUB_ROLE_NAME = 'darasa-hub';

export const STAFF_VALIDATE_DOC_UPDATE = `function (newDoc, oldDoc, userCtx, secObj) {
  var FIELDS = ${JSON.stringify(STAFF_ACCOUNT_FIELDS)};
  var ROLES = ${JSON.stringify(ROAMING_ROLES)};
  var HUB_ROLE = ${JSON.stringify(HUB_ROLE_NAME)};
  var CENTRAL = ${JSON.stringify(DISABLED_AT_CENTRAL)};
  var MAY_CHANGE = ['active', 'disabledAt', 'disabledBy', 'updatedAt'];
  var id = String(newDoc._id);
  var isAdmin = userCtx.roles.indexOf('_admin') !== -1;
  function refuse(message) { throw({ forbidden: message }); }
  if (newDoc._deleted) {
    if (isAdmin) return;
    refuse('staff accounts are never deleted by a hub (' + id + '): disable them instead');
  }
  for (var key in newDoc) {
    if (key.charAt(0) === '_') continue;
    if (FIELDS.indexOf(key) === -1) refuse('staff account ' + id + ' carries the field "' + key + '": only ' + FIELDS.join(', ') + ' travel');
  }
  if (newDoc.type !== 'staff-account') refuse('document ' + id + ' is not a staff account');
  var username = newDoc.username;
  if (typeof username !== 'string' || !/^[a-z0-9._-]{3,32}$/.test(username) || id !== 'staff-account:' + username) {
    refuse('staff account ' + id + ' must be named staff-account:<username>, with a lower-case username of 3 to 32 letters, digits, ".", "_" or "-"');
  }
  var home = newDoc.homeHubId;
  if (typeof home !== 'string' || !/^hub-[a-z0-9]{10}$/.test(home)) refuse('staff account ' + id + ' has no valid home hub');
  var person = newDoc.personId;
  if (typeof person !== 'string' || person.substring(0, 8 + home.length) !== 'person:' + home + ':' || person.length === 8 + home.length) {
    refuse('staff account ' + id + ': its person must belong to its home hub ' + home);
  }
  if (!newDoc.roles || typeof newDoc.roles.length !== 'number' || newDoc.roles.length === 0) refuse('staff account ' + id + ' has no roles');
  for (var r = 0; r < newDoc.roles.length; r++) {
    if (ROLES.indexOf(newDoc.roles[r]) === -1) refuse('staff account ' + id + ': the role "' + newDoc.roles[r] + '" does not roam (only ' + ROLES.join(', ') + ')');
  }
  if (typeof newDoc.passwordHash !== 'string' || !/^scrypt\\$[0-9]+\\$[0-9]+\\$[0-9]+\\$[A-Za-z0-9_-]{16,}\\$[A-Za-z0-9_-]{16,}$/.test(newDoc.passwordHash)) {
    refuse('staff account ' + id + ' must carry a salted scrypt hash of the password, never anything else');
  }
  if (typeof newDoc.givenName !== 'string' || typeof newDoc.familyName !== 'string' || newDoc.givenName.length > 80 || newDoc.familyName.length > 80) refuse('staff account ' + id + ' needs its names (80 characters at most)');
  if (newDoc.active !== true && newDoc.active !== false) refuse('staff account ' + id + ' must say whether it is active');
  if (isAdmin) return;

  var name = String(userCtx.name || '');
  if (userCtx.roles.indexOf(HUB_ROLE) === -1 || name.substring(0, 7) !== 'darasa-') refuse('only hubs and central administrators write staff accounts');
  var hub = name.substring(7);
  if (hub === CENTRAL) refuse('a hub may not call itself central');
  var old = oldDoc && !oldDoc._deleted ? oldDoc : null;
  if (!old || old.homeHubId === hub) {
    if (home !== hub) refuse('hub ' + hub + ' may only write staff accounts of its own people, not of hub ' + home + ' (' + id + ')');
    return;
  }
  if (home !== old.homeHubId || person !== old.personId) {
    refuse('the username "' + username + '" is held by a staff account of hub ' + old.homeHubId + '; choose another username on hub ' + hub);
  }
  if (old.active !== true || newDoc.active !== false || newDoc.disabledBy !== hub) {
    refuse('hub ' + hub + ' may only disable the staff account ' + id + ' of hub ' + old.homeHubId + ' (active: false, disabledBy: ' + hub + ')');
  }
  var keys = {};
  for (var k in old) keys[k] = true;
  for (var n in newDoc) keys[n] = true;
  for (var field in keys) {
    if (field.charAt(0) === '_' || MAY_CHANGE.indexOf(field) !== -1) continue;
    if (JSON.stringify(old[field]) !== JSON.stringify(newDoc[field])) {
      refuse('hub ' + hub + ' may only disable the staff account ' + id + ' of hub ' + old.homeHubId + ', not change its "' + field + '"');
    }
  }
}`;

/** Counts accounts by home hub (central's administrators read it; hubs do not need it). */
export const STAFF_BY_HUB_MAP = `function (doc) {
  if (doc.type === 'staff-account') emit([doc.homeHubId, doc.active], null);
}`;

export function staffDesignDoc() {
  return {
    _id: '_design/darasa',
    language: 'javascript' as const,
    validate_doc_update: STAFF_VALIDATE_DOC_UPDATE,
    views: { 'by-hub': { map: STAFF_BY_HUB_MAP, reduce: '_count' } },
  };
}
