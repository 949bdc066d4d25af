// Leaves a real CouchDB as a test found it: the test's hubs (databases and
// CouchDB users), their roaming staff accounts in `darasa-staff`, and what the
// library publisher wrote for their courses in the shared `darasa-library`
// (decisions `library-decision:<hubId>:…`, packs `library-pack:library-<hubId>-…`
// and the chunks those list). Only documents that carry one of these hub ids,
// or chunks of packs and decisions that do, are touched: other runs share the server.
import { couchRequest, type CentralAdmin } from '../../sync/central/couch-http.ts';
import { hubDatabase, LIBRARY_DB } from '../../sync/central/provision.ts';
import { STAFF_DB } from '../../sync/staff/staff-documents.ts';

const enc = encodeURIComponent;

async function docsWithPrefix<T>(central: CentralAdmin, db: string, prefix: string): Promise<(T & { _id: string; _rev: string })[]> {
  const range = `startkey=${enc(JSON.stringify(prefix))}&endkey=${enc(JSON.stringify(`${prefix}\ufff0`))}&include_docs=true`;
  const response = await couchRequest<{ rows?: { doc?: T & { _id: string; _rev: string } }[] }>(central, 'GET', `/${db}/_all_docs?${range}`);
  return response.status === 200 ? (response.body.rows ?? []).flatMap((row) => (row.doc ? [row.doc] : [])) : [];
}

async function remove(central: CentralAdmin, db: string, doc: { _id: string; _rev: string }): Promise<void> {
  await couchRequest(central, 'DELETE', `/${db}/${enc(doc._id)}?rev=${doc._rev}`);
}

export async function removeHubsFromCouch(central: CentralAdmin, hubs: { hubId: string; username?: string }[]): Promise<void> {
  const hubIds = new Set(hubs.map((h) => h.hubId));
  for (const { hubId, username } of hubs) {
    // The library: decisions on this hub's submissions, packs of its courses, and their chunks.
    const shas = new Set<string>();
    for (const decision of await docsWithPrefix<{ sha256?: string }>(central, LIBRARY_DB, `library-decision:${hubId}:`)) {
      if (decision.sha256) shas.add(decision.sha256);
      await remove(central, LIBRARY_DB, decision);
    }
    for (const pack of await docsWithPrefix<{ sha256?: string }>(central, LIBRARY_DB, `library-pack:library-${hubId}-`)) {
      if (pack.sha256) shas.add(pack.sha256);
      await remove(central, LIBRARY_DB, pack);
    }
    for (const sha of shas) for (const chunk of await docsWithPrefix(central, LIBRARY_DB, `library-chunk:${sha}:`)) await remove(central, LIBRARY_DB, chunk);

    await couchRequest(central, 'DELETE', `/${hubDatabase(hubId)}`);
    const user = `/_users/${enc(`org.couchdb.user:${username ?? `darasa-${hubId}`}`)}`;
    const found = await couchRequest<{ _rev?: string }>(central, 'GET', user);
    if (found.body._rev) await couchRequest(central, 'DELETE', `${user}?rev=${found.body._rev}`);
  }
  for (const account of await docsWithPrefix<{ homeHubId?: string }>(central, STAFF_DB, 'staff-account:')) {
    if (account.homeHubId && hubIds.has(account.homeHubId)) await remove(central, STAFF_DB, account);
  }
}
