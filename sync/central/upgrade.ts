// Brings every registered hub's database at central up to this version of
// Darasa, as central's administrator, without touching data or passwords:
// `_design/darasa` (the validator, whose list of writable types grows when a
// release adds a document type, and the conflicts view) and `_design/impact`
// (reporting views). A hub registered by an older release otherwise has its
// new kinds of records refused until someone runs `register-hub` again, which
// also rotates its password. Run by `npm run central` at start, by the central
// dashboard at start, and by `darasa central upgrade`. Idempotent: a design
// document that already matches is not rewritten (a rewrite rebuilds indexes).
import { type CentralAdmin, couchExpect } from './couch-http.ts';
import { ensureCentral, hubDatabase, putDesignDoc } from './provision.ts';
import { HUB_ID_PATTERN } from './pairing.ts';
import { hubDesignDoc } from './validators.ts';
import { ensureImpactViews, type ViewsInstall } from './impact-install.ts';

export interface HubUpgrade {
  hubId: string;
  validator: 'unchanged' | 'written';
  views: ViewsInstall;
}

/** Hub ids of every hub database at central (`darasa-hub-…`). */
export async function registeredHubIds(central: CentralAdmin): Promise<string[]> {
  const dbs = await couchExpect<string[]>(central, 'list its databases', 'GET', '/_all_dbs', undefined, [200]);
  return (Array.isArray(dbs.body) ? dbs.body : [])
    .filter((name) => name.startsWith('darasa-hub-'))
    .map((name) => name.slice('darasa-'.length))
    .filter((hubId) => HUB_ID_PATTERN.test(hubId) && hubDatabase(hubId) === `darasa-${hubId}`);
}

export async function upgradeCentral(central: CentralAdmin): Promise<HubUpgrade[]> {
  await ensureCentral(central);
  const upgrades: HubUpgrade[] = [];
  for (const hubId of await registeredHubIds(central)) {
    const db = hubDatabase(hubId);
    upgrades.push({ hubId, validator: await putDesignDoc(central, db, hubDesignDoc(hubId)), views: await ensureImpactViews(central, db) });
  }
  return upgrades;
}
