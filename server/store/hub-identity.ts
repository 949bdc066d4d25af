// The hub's identity: an id generated on first start and kept for the life of
// the data directory. It lives in a `_local` document, which PouchDB never
// replicates, so a copied database at central cannot take over the identity.
import { newHubId, isHubId } from '../../sync/ids.ts';
import type { Database } from './open-database.ts';

const IDENTITY_ID = '_local/hub-identity';

interface IdentityDoc {
  _id: string;
  _rev?: string;
  hubId: string;
  createdAt: string;
}

export async function loadOrCreateHubId(db: Database): Promise<string> {
  try {
    const doc = (await db.get(IDENTITY_ID)) as unknown as IdentityDoc;
    if (isHubId(doc.hubId)) return doc.hubId;
    throw new Error(`The hub identity in this data directory is malformed: ${doc.hubId}`);
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error;
  }
  const identity: IdentityDoc = { _id: IDENTITY_ID, hubId: newHubId(), createdAt: new Date().toISOString() };
  await db.put(identity);
  return identity.hubId;
}
