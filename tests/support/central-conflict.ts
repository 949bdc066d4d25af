// Makes a real conflict at central, as a central administrator editing a hub's
// document would: a sibling of the document's current revision, written with
// `new_edits: false` so central keeps both. Used by the conflict tests.

export interface CentralAdminAccess {
  url: string;
  adminUser: string;
  adminPassword: string;
}

const authOf = (central: CentralAdminAccess) => `Basic ${Buffer.from(`${central.adminUser}:${central.adminPassword}`).toString('base64')}`;

/** Writes `changes` over the current revision as a sibling of it; returns the new revision. */
export async function writeSiblingAtCentral(central: CentralAdminAccess, database: string, id: string, changes: Record<string, unknown>): Promise<string> {
  const headers = { authorization: authOf(central), 'content-type': 'application/json', accept: 'application/json' };
  const current = (await (await fetch(`${central.url}/${database}/${encodeURIComponent(id)}?revs=true`, { headers })).json()) as { _rev: string; _revisions: { start: number; ids: string[] } };
  if (!current._rev) throw new Error(`central has no ${id} in ${database}: ${JSON.stringify(current)}`);
  const hash = Array.from({ length: 32 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');
  const { start, ids } = current._revisions;
  const sibling = { ...current, ...changes, _rev: `${start}-${hash}`, _revisions: { start, ids: [hash, ...ids.slice(1)] } };
  const response = await fetch(`${central.url}/${database}/_bulk_docs`, { method: 'POST', headers, body: JSON.stringify({ new_edits: false, docs: [sibling] }) });
  if (response.status !== 201) throw new Error(`central refused the sibling revision: ${response.status} ${await response.text()}`);
  return sibling._rev;
}

/** The document at central, its winner with `_conflicts` if any. */
export async function readAtCentral(central: CentralAdminAccess, database: string, id: string): Promise<Record<string, unknown> & { _rev: string; _conflicts?: string[] }> {
  const response = await fetch(`${central.url}/${database}/${encodeURIComponent(id)}?conflicts=true`, { headers: { authorization: authOf(central), accept: 'application/json' } });
  return response.json() as never;
}
