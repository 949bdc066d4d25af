// Is central there? One unauthenticated `GET /` (CouchDB's welcome, a few
// hundred bytes each way) with a short deadline: any HTTP answer means the link
// and central are up; a timeout or a refused connection means not yet.
import { makeLinkFetch } from '../../sync/replicator/link-fetch.ts';

export async function probeCentral(centralUrl: string, timeoutMs = 10_000): Promise<boolean> {
  try {
    const response = await makeLinkFetch({ timeoutMs: Math.min(timeoutMs, 10_000) })(`${centralUrl}/`, { headers: { accept: 'application/json' } });
    return response.status > 0;
  } catch {
    return false;
  }
}
