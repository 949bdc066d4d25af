// The fleet: every hub database at central (`darasa-hub-…`), with the hub's
// settings (`hub:<id>:settings`, name and country) and its latest status
// (`hub-status:<id>:current`, written by the hub after every sync attempt,
// sync/replicator/heartbeat.ts). Two requests per hub, all hubs at once.
import { type CentralAdmin, couchExpect } from '../../sync/central/couch-http.ts';
import { hubDatabase } from '../../sync/central/provision.ts';
import type { HubStatusDoc } from '../../sync/replicator/heartbeat.ts';

export interface FleetHub {
  hubId: string;
  name: string | null;
  country: string | null;
  softwareVersion: string | null;
  lastSuccessAt: string | null;
  lastSeenAt: string | null;
  /** Not heard from for more than the dashboard's `staleDays`. */
  stale: boolean;
  pending: { total: number; byKind: Record<string, number> };
  bytes: { month: { sent: number; received: number }; today: { sent: number; received: number } } | null;
  budget: { dailyBytes: number | null; monthlyBytes: number | null; reached: 'day' | 'month' | null } | null;
  refused: number;
  conflicts: number;
  lastError: string | null;
}

export async function listHubIds(central: CentralAdmin): Promise<string[]> {
  const dbs = await couchExpect<string[]>(central, 'list its databases', 'GET', '/_all_dbs', undefined, [200]);
  return (Array.isArray(dbs.body) ? dbs.body : []).filter((name) => name.startsWith('darasa-hub-')).map((name) => name.slice('darasa-'.length)).sort();
}

interface HubSettings {
  name?: string;
  country?: string;
}

export async function readHub(central: CentralAdmin, hubId: string, staleDays: number, now = Date.now()): Promise<FleetHub> {
  const keys = [`hub:${hubId}:settings`, `hub-status:${hubId}:current`];
  const answer = await couchExpect<{ rows: { key: string; doc?: (HubSettings & Partial<HubStatusDoc>) | null }[] }>(
    central,
    `read hub ${hubId}`,
    'POST',
    `/${encodeURIComponent(hubDatabase(hubId))}/_all_docs?include_docs=true`,
    { keys },
    [200],
  );
  const settings = (answer.body.rows[0]?.doc ?? null) as HubSettings | null;
  const status = (answer.body.rows[1]?.doc ?? null) as HubStatusDoc | null;
  const byKind = status?.pending ?? {};
  const lastSeenAt = status?.at ?? null;
  return {
    hubId,
    name: settings?.name ?? null,
    country: settings?.country ?? null,
    softwareVersion: status?.softwareVersion ?? null,
    lastSuccessAt: status?.lastSuccessAt ?? null,
    lastSeenAt,
    stale: !lastSeenAt || now - Date.parse(lastSeenAt) > staleDays * 86_400_000,
    pending: { total: Object.values(byKind).reduce((a, b) => a + b, 0), byKind },
    bytes: status?.bytes ?? null,
    budget: status?.budget ?? null,
    refused: status?.refused ?? 0,
    conflicts: status?.conflicts ?? 0,
    lastError: status?.lastError ?? null,
  };
}

export async function readFleet(central: CentralAdmin, staleDays: number): Promise<FleetHub[]> {
  const ids = await listHubIds(central);
  return Promise.all(ids.map((id) => readHub(central, id, staleDays)));
}
