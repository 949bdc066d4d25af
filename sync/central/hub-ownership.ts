// The rule of central's hub validator (validators.ts, `hubValidateDocUpdate`)
// as a Node function, for writers that act as central's administrator — whom
// the validator lets past all but its personal-fields rule — such as the USB
// importer, which must refuse and list what a hub could not write. Same
// checks, same order, same words; hub-ownership.test.ts runs both on the same
// cases so the two cannot drift apart.
import { PERSONAL_FIELDS } from '../documents.ts';
import { hubWritableTypes } from './validators.ts';

export interface OwnedDoc {
  _id: string;
  _deleted?: boolean;
  type?: unknown;
}

/** Why central would refuse this document from hub `hubId`, or null if it belongs to that hub. */
export function hubDocumentRefusal(hubId: string, doc: OwnedDoc, types: readonly string[] = hubWritableTypes()): string | null {
  const id = String(doc._id);
  const colon = id.indexOf(':');
  const type = colon > 0 ? id.substring(0, colon) : '';
  if (type === 'person' || doc.type === 'person') {
    const field = PERSONAL_FIELDS.find((name) => Object.prototype.hasOwnProperty.call(doc, name));
    if (field) return `person ${id} carries the personal field "${field}": names and contact details stay on the hub`;
  }
  if (!types.includes(type)) return `hubs may not write documents of type "${type}" (${id})`;
  const prefix = `${type}:${hubId}:`;
  if (!id.startsWith(prefix) || id.length === prefix.length) return `document ${id} does not belong to hub ${hubId}`;
  if (doc._deleted) return type === 'event' ? `events are never deleted (${id})` : null;
  if (doc.type !== type) return `document ${id} has type "${String(doc.type)}", not "${type}" as its id says`;
  return null;
}
