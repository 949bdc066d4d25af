// The design documents Darasa installs at central. Validators are strings of
// ES5 JavaScript because CouchDB 3 runs them in its own JavaScript engine
// (SpiderMonkey or QuickJS), not in Node: no arrow functions, no let/const, no
// template literals, no String.prototype.startsWith. Values are baked in with
// JSON.stringify so a hub id or type can never break out of its string.
import { DOCUMENT_TYPES, PERSONAL_FIELDS, type DocumentType } from '../documents.ts';

/** Types a hub may write to its own central database: the `hub` partition of
 * the document contract (sync/documents.ts), so adding a type there updates
 * every validator at the next registration. */
export function hubWritableTypes(): DocumentType[] {
  return (Object.keys(DOCUMENT_TYPES) as DocumentType[]).filter((type) => DOCUMENT_TYPES[type].partition === 'hub').sort();
}

/** Refuses, for anyone: a `person` carrying a personal field (names, username,
 * birth year, community, guardian contact stay on the hub, sync/README.md).
 * For anyone but an admin: an `_id` not of the form `<type>:<hubId>:<localId>`
 * for a hub-writable type; a `type` field that differs from the id's prefix;
 * the deletion of an event (events are immutable history). */
export function hubValidateDocUpdate(hubId: string, types: readonly string[] = hubWritableTypes()): string {
  return `function (newDoc, oldDoc, userCtx, secObj) {
  var HUB = ${JSON.stringify(hubId)};
  var TYPES = ${JSON.stringify(types)};
  var PERSONAL = ${JSON.stringify(PERSONAL_FIELDS)};
  var id = String(newDoc._id);
  var colon = id.indexOf(':');
  var type = colon > 0 ? id.substring(0, colon) : '';
  // Before the admin check: a USB import by central's administrator must not store a name either.
  if (type === 'person' || newDoc.type === 'person') {
    for (var i = 0; i < PERSONAL.length; i++) {
      if (Object.prototype.hasOwnProperty.call(newDoc, PERSONAL[i])) {
        throw({ forbidden: 'person ' + id + ' carries the personal field "' + PERSONAL[i] + '": names and contact details stay on the hub' });
      }
    }
  }
  if (userCtx.roles.indexOf('_admin') !== -1) return;
  if (TYPES.indexOf(type) === -1) {
    throw({ forbidden: 'hubs may not write documents of type "' + type + '" (' + id + ')' });
  }
  var prefix = type + ':' + HUB + ':';
  if (id.substring(0, prefix.length) !== prefix || id.length === prefix.length) {
    throw({ forbidden: 'document ' + id + ' does not belong to hub ' + HUB });
  }
  if (newDoc._deleted) {
    if (type === 'event') throw({ forbidden: 'events are never deleted (' + id + ')' });
    return;
  }
  if (newDoc.type !== type) {
    throw({ forbidden: 'document ' + id + ' has type "' + newDoc.type + '", not "' + type + '" as its id says' });
  }
}`;
}

/** The shared library is written by central's administrators only. */
export const LIBRARY_VALIDATE_DOC_UPDATE = `function (newDoc, oldDoc, userCtx, secObj) {
  if (userCtx.roles.indexOf('_admin') === -1) {
    throw({ forbidden: 'the shared library is written by central administrators only' });
  }
}`;

/** Counts by type, for central reporting (documents per hub and kind). More
 * views land with the reporting service; this one lets `centralStatus` and
 * the sync tests count what arrived without reading every document. */
export const BY_TYPE_MAP = `function (doc) {
  if (doc.type) emit(doc.type, null);
}`;

/** Documents with conflicting revisions in a hub's database, keyed by id; the
 * value names the winning revision and the losing ones. A hub reads it after
 * each push (server/sync/conflicts.ts): conflicts arise at central (a hub
 * restored from an old backup, an edit by a central administrator), where the
 * hub's own database never sees them. The winner is emitted too, so listing
 * costs one request however many documents conflict. */
export const CONFLICTS_MAP = `function (doc) {
  if (doc._conflicts) emit(doc._id, { rev: doc._rev, conflicts: doc._conflicts });
}`;

export interface DesignDoc {
  _id: string;
  _rev?: string;
  language: 'javascript';
  validate_doc_update: string;
  views: Record<string, { map: string; reduce?: string }>;
}

export function hubDesignDoc(hubId: string): DesignDoc {
  return {
    _id: '_design/darasa',
    language: 'javascript',
    validate_doc_update: hubValidateDocUpdate(hubId),
    views: { 'by-type': { map: BY_TYPE_MAP, reduce: '_count' }, conflicts: { map: CONFLICTS_MAP } },
  };
}

export function libraryDesignDoc(): DesignDoc {
  return {
    _id: '_design/darasa',
    language: 'javascript',
    validate_doc_update: LIBRARY_VALIDATE_DOC_UPDATE,
    views: { 'by-type': { map: BY_TYPE_MAP, reduce: '_count' } },
  };
}
