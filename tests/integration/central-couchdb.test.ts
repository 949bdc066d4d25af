// The central contract (central-contract.ts) against a real Apache CouchDB 3,
// including what the embedded central cannot enforce. Runs only when
//   COUCHDB_URL=http://127.0.0.1:5984 COUCHDB_ADMIN_USER=admin COUCHDB_ADMIN_PASSWORD=…
// are set; otherwise every test shows as skipped with the reason in its name.
// It registers hubs with fresh random ids and deletes their databases and
// users afterwards; the shared library `darasa-library` is created if missing.
import { describe } from 'vitest';
import { centralContract } from './central-contract.ts';

const url = process.env.COUCHDB_URL?.replace(/\/+$/, '');
const SKIP_REASON = url ? '' : ' [skipped: set COUCHDB_URL, COUCHDB_ADMIN_USER and COUCHDB_ADMIN_PASSWORD to run against Apache CouchDB 3]';

describe.skipIf(!url)(`central contract on Apache CouchDB 3 at COUCHDB_URL${SKIP_REASON}`, () => {
  centralContract(
    () => ({
      admin: { url: url!, adminUser: process.env.COUCHDB_ADMIN_USER ?? 'admin', adminPassword: process.env.COUCHDB_ADMIN_PASSWORD ?? '' },
      url: new URL(url!).origin,
      embedded: false,
    }),
    false,
  );
});
