// Installs `_design/impact` (impact-views.ts) in a hub database at central, as
// central's administrator: at registration (provision.ts), and again by the
// dashboard when it finds the views missing or out of date. Rewritten only
// when a view's definition differs, because a rewrite makes CouchDB rebuild
// every index of the document.
import { type CentralAdmin, couchExpect, couchRequest } from './couch-http.ts';
import { IMPACT_DESIGN_ID, impactDesignDoc, type ViewDesignDoc } from './impact-views.ts';

export type ViewsInstall = 'unchanged' | 'installed' | 'upgraded';

function sameViews(a: ViewDesignDoc['views'] | undefined, b: ViewDesignDoc['views']): boolean {
  if (!a) return false;
  const names = Object.keys(b);
  if (Object.keys(a).length !== names.length) return false;
  return names.every((name) => a[name]?.map === b[name]!.map && (a[name]?.reduce ?? null) === (b[name]!.reduce ?? null));
}

export async function ensureImpactViews(central: CentralAdmin, db: string, attempt = 1): Promise<ViewsInstall> {
  const path = `/${encodeURIComponent(db)}/${IMPACT_DESIGN_ID}`;
  const wanted = impactDesignDoc();
  const current = await couchRequest<ViewDesignDoc>(central, 'GET', path);
  if (current.status === 200 && sameViews(current.body.views, wanted.views)) return 'unchanged';
  const doc = current.status === 200 ? { ...wanted, _rev: current.body._rev } : wanted;
  // 409: written meanwhile by someone else (the dashboard and a registration at once): read and compare again.
  const written = await couchExpect(central, `install the reporting views in ${db}`, 'PUT', path, doc, attempt < 3 ? [200, 201, 202, 409] : [200, 201, 202]);
  if (written.status === 409) return ensureImpactViews(central, db, attempt + 1);
  return current.status === 200 ? 'upgraded' : 'installed';
}
