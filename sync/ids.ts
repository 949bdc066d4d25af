// The id scheme shared by hub, browser and central (DESIGN.md, data principle 2):
//   `<type>:<hubId>:<localId>` for documents created on a hub, so documents from
//   different trucks never collide at central, and `<type>:<name>` for documents
//   that belong to no hub (the shared library). The type prefix lets replication
//   filters and validators decide from the id alone, without reading the body.

const HUB_ID_PATTERN = /^hub-[a-z0-9]{10}$/;
const TYPE_PATTERN = /^[a-z][a-z0-9-]*$/;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function randomChars(count: number): string {
  const bytes = new Uint8Array(count);
  crypto.getRandomValues(bytes);
  let out = '';
  for (const byte of bytes) out += BASE32[byte & 31];
  return out;
}

/** A new hub id: `hub-` and 10 random base32 characters (50 bits). Lower case,
 * because CouchDB database names (one per hub at central) must be. */
export function newHubId(): string {
  return `hub-${randomChars(10)}`;
}

export function isHubId(value: string): boolean {
  return HUB_ID_PATTERN.test(value);
}

/** A local id that sorts by creation time (base36 milliseconds, zero-padded),
 * then 8 random characters so two ids in the same millisecond differ. */
export function newLocalId(now = Date.now()): string {
  return `${now.toString(36).padStart(9, '0')}${randomChars(8)}`;
}

/** An id for a document created on this hub. */
export function makeHubDocId(type: string, hubId: string, localId: string = newLocalId()): string {
  if (!TYPE_PATTERN.test(type)) throw new Error(`invalid document type: ${type}`);
  if (!isHubId(hubId)) throw new Error(`invalid hub id: ${hubId}`);
  if (localId.length === 0 || localId.includes(':')) throw new Error(`invalid local id: ${localId}`);
  return `${type}:${hubId}:${localId}`;
}

export interface ParsedId {
  type: string;
  /** The hub that created the document, or null for documents of no hub (library, seed). */
  hubId: string | null;
  rest: string;
}

export function parseDocId(id: string): ParsedId | null {
  const first = id.indexOf(':');
  if (first <= 0) return null;
  const type = id.slice(0, first);
  if (!TYPE_PATTERN.test(type)) return null;
  const rest = id.slice(first + 1);
  const second = rest.indexOf(':');
  const maybeHub = second > 0 ? rest.slice(0, second) : '';
  if (isHubId(maybeHub)) return { type, hubId: maybeHub, rest: rest.slice(second + 1) };
  return { type, hubId: null, rest };
}

/** The `startkey`/`endkey` pair that selects every id of a type (optionally of one hub). */
export function idRange(type: string, hubId?: string): { startkey: string; endkey: string } {
  const prefix = hubId ? `${type}:${hubId}:` : `${type}:`;
  return { startkey: prefix, endkey: `${prefix}\uffff` };
}
