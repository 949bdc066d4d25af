// Central's layout, installed over HTTP as central's administrator (CouchDB 3;
// the embedded central answers the same calls):
//
//   ensureCentral(central)            `_users`, the shared library `darasa-library`
//                                     (hubs read, only admins write) and the roaming
//                                     staff accounts `darasa-staff` (hubs read and
//                                     write under sync/staff/staff-validator.ts)
//   registerHub(central, hubId)       the hub's user `darasa-<hubId>` (role darasa-hub),
//                                     its database `darasa-<hubId>` (only member: that
//                                     user) and `_design/darasa` (validator + views);
//                                     again for an existing hub: rotates its password,
//                                     refreshes the design document, keeps the data
//   centralStatus(central)            reachable, version, databases, hubs
//
// Every step is idempotent, so a registration interrupted by a dropped link is
// finished by running it again.
import { randomBytes } from 'node:crypto';
import { type CentralAdmin, CentralError, couchExpect, couchRequest, publicCentralUrl } from './couch-http.ts';
import { HUB_ID_PATTERN, hubUsername, makePairingCode } from './pairing.ts';
import { type DesignDoc, hubDesignDoc, libraryDesignDoc } from './validators.ts';
import { ensureImpactViews } from './impact-install.ts';
import { STAFF_DB } from '../staff/staff-documents.ts';
import { staffDesignDoc } from '../staff/staff-validator.ts';

export const LIBRARY_DB = 'darasa-library';
export const HUB_ROLE = 'darasa-hub';

export function hubDatabase(hubId: string): string {
  return `darasa-${hubId}`;
}

export interface HubRegistration {
  centralUrl: string;
  hubId: string;
  database: string;
  username: string;
  password: string;
  /** A secret: it holds the password (sync/central/pairing.ts). */
  pairingCode: string;
  /** True when the hub was registered before and its password was rotated. */
  rotated: boolean;
}

interface SecurityObject {
  admins: { names: string[]; roles: string[] };
  members: { names: string[]; roles: string[] };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
  }
  return value;
}

/** Creates a database; an existing one is left as it is. */
async function ensureDatabase(central: CentralAdmin, name: string): Promise<void> {
  await couchExpect(central, `create the database ${name}`, 'PUT', `/${encodeURIComponent(name)}`, undefined, [201, 202, 412]);
}

async function putSecurity(central: CentralAdmin, db: string, security: SecurityObject): Promise<void> {
  // The embedded central answers 409 to two writes at once; the object is the same, so write it again.
  for (let attempt = 1; ; attempt++) {
    const written = await couchExpect(central, `set who may use ${db}`, 'PUT', `/${encodeURIComponent(db)}/_security`, security, attempt < 3 ? [200, 409] : [200]);
    if (written.status === 200) return;
  }
}

/** Writes the design document if it is missing or differs; a rewrite changes
 * only the validator and views, never the data. */
export async function putDesignDoc(central: CentralAdmin, db: string, doc: DesignDoc, attempt = 1): Promise<'unchanged' | 'written'> {
  const path = `/${encodeURIComponent(db)}/_design/darasa`;
  const current = await couchRequest<DesignDoc>(central, 'GET', path);
  if (current.status === 200) {
    const have = current.body;
    // Compared field by field: servers return keys in their own order.
    const same =
      have.language === doc.language && have.validate_doc_update === doc.validate_doc_update && JSON.stringify(sortKeys(have.views)) === JSON.stringify(sortKeys(doc.views));
    if (same) return 'unchanged';
    doc = { ...doc, _rev: have._rev };
  }
  // 409: someone else (another command, the dashboard starting) wrote it meanwhile: read and compare again.
  const ok = attempt < 3 ? [200, 201, 202, 409] : [200, 201, 202];
  const written = await couchExpect(central, `install the validator in ${db}`, 'PUT', path, doc, ok);
  if (written.status === 409) return putDesignDoc(central, db, { ...doc, _rev: undefined }, attempt + 1);
  return 'written';
}

export async function ensureCentral(central: CentralAdmin): Promise<void> {
  await ensureDatabase(central, '_users');
  await ensureDatabase(central, LIBRARY_DB);
  await putSecurity(central, LIBRARY_DB, {
    admins: { names: [], roles: [] },
    members: { names: [], roles: [HUB_ROLE] },
  });
  await putDesignDoc(central, LIBRARY_DB, libraryDesignDoc());
  await ensureDatabase(central, STAFF_DB);
  await putSecurity(central, STAFF_DB, {
    admins: { names: [], roles: [] },
    members: { names: [], roles: [HUB_ROLE] },
  });
  await putDesignDoc(central, STAFF_DB, staffDesignDoc());
}

/** 32 random bytes as base64url: 256 bits, no characters that need escaping in
 * a URL, a header or a shell. */
function newPassword(): string {
  return randomBytes(32).toString('base64url');
}

export async function registerHub(central: CentralAdmin, hubId: string, options: { publicUrl?: string } = {}): Promise<HubRegistration> {
  if (!HUB_ID_PATTERN.test(hubId)) {
    throw new CentralError('CENTRAL_REFUSED', `"${hubId}" is not a hub id: it looks like hub-abcdefgh23 (see "darasa check-data" on the hub).`);
  }
  await ensureCentral(central);
  const username = hubUsername(hubId);
  const database = hubDatabase(hubId);
  const password = newPassword();

  // The user first: if the link drops after this, running again rotates the
  // password once more and finishes the rest; nothing is left half-usable.
  const userPath = `/_users/${encodeURIComponent(`org.couchdb.user:${username}`)}`;
  const existing = await couchRequest<{ _rev?: string }>(central, 'GET', userPath);
  const rotated = existing.status === 200;
  await couchExpect(
    central,
    `create the user ${username}`,
    'PUT',
    userPath,
    { _id: `org.couchdb.user:${username}`, ...(rotated ? { _rev: existing.body._rev } : {}), name: username, type: 'user', roles: [HUB_ROLE], password },
    [201, 202],
  );

  await ensureDatabase(central, database);
  // Admins: none but server admins (an empty list); the only member is the hub.
  await putSecurity(central, database, {
    admins: { names: [], roles: [] },
    members: { names: [username], roles: [] },
  });
  await putDesignDoc(central, database, hubDesignDoc(hubId));
  // Central reporting's views, in `_design/impact` (impact-views.ts).
  await ensureImpactViews(central, database);

  const centralUrl = options.publicUrl ? publicCentralUrl({ url: options.publicUrl }) : publicCentralUrl(central);
  return {
    centralUrl,
    hubId,
    database,
    username,
    password,
    pairingCode: makePairingCode({ centralUrl, hubId, username, password }),
    rotated,
  };
}

export interface CentralStatus {
  reachable: boolean;
  /** `CouchDB 3.4.2` or `express-pouchdb 4.2.0 (embedded)`. */
  version: string | null;
  databases: number | null;
  hubs: number | null;
  error?: string;
}

export async function centralStatus(central: CentralAdmin): Promise<CentralStatus> {
  try {
    const root = await couchRequest<{ couchdb?: string; version?: string; 'express-pouchdb'?: string }>(central, 'GET', '/');
    const version = root.body['express-pouchdb'] ? `express-pouchdb ${root.body.version} (embedded)` : `CouchDB ${root.body.version ?? '?'}`;
    const dbs = await couchExpect<string[]>(central, 'list its databases', 'GET', '/_all_dbs', undefined, [200]);
    const names = Array.isArray(dbs.body) ? dbs.body : [];
    return {
      reachable: true,
      version,
      databases: names.length,
      hubs: names.filter((name) => /^darasa-hub-/.test(name)).length,
    };
  } catch (error) {
    if (!(error instanceof CentralError)) throw error;
    return { reachable: error.code !== 'CENTRAL_UNREACHABLE', version: null, databases: null, hubs: null, error: error.message };
  }
}
