// Health: what a monitoring script or the operator needs to know that the hub is
// alive and its store answers. A store that fails is reported as `degraded`
// (HTTP 503) rather than as a crash, so a watchdog can tell the two apart.
import type { Store } from '../store/store.ts';
import type { HealthResponse } from './schemas.ts';

export async function readHealth(store: Store, version: string, startedAt: number): Promise<HealthResponse> {
  const base = { version, hubId: store.hubId, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) };
  try {
    const info = await store.databases.hub.info();
    return { status: 'ok', ...base, documents: info.doc_count };
  } catch {
    return { status: 'degraded', ...base, documents: 0 };
  }
}
