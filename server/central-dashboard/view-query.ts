// One read of a reporting view in a hub database at central, as central's
// administrator, with a short deadline: a view CouchDB is still building does
// not answer until its index catches up, and the dashboard must say
// "indexing" rather than wait minutes or show zero. The query CouchDB (or the
// embedded central) started keeps building the index after we stop waiting,
// so the next look is quicker. A database whose `_design/impact` is missing
// gets it back at once (sync/central/impact-install.ts) and is reported so.
import { type CentralAdmin, CentralError, resolveCentral } from '../../sync/central/couch-http.ts';
import { ensureImpactViews } from '../../sync/central/impact-install.ts';


export interface ViewRow<K = unknown, V = unknown> {
  key: K;
  value: V;
}

export class ViewIndexing extends Error {}
export class ViewMissing extends Error {}

export interface ViewParams {
  group_level?: number;
  startkey?: unknown;
  endkey?: unknown;
  reduce?: boolean;
}

function queryString(params: ViewParams): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    search.set(name, typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The rows of `_design/impact/_view/<view>`; throws ViewIndexing when the
 * answer does not come within `waitMs`, ViewMissing when the design document is
 * not there. */
export async function queryView<K, V>(central: CentralAdmin, db: string, view: string, params: ViewParams, waitMs: number): Promise<ViewRow<K, V>[]> {
  const { base, authorization } = resolveCentral(central);
  let response: Response;
  try {
    response = await fetch(`${base}/${encodeURIComponent(db)}/_design/impact/_view/${view}${queryString(params)}`, {
      headers: { accept: 'application/json', ...(authorization ? { authorization } : {}) },
      signal: AbortSignal.timeout(waitMs),
    });
  } catch (error) {
    // Our deadline, or Node's own (undici gives up on headers after 300 s): either way the view is still being built.
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    if ((error as Error).name === 'TimeoutError' || cause === 'UND_ERR_HEADERS_TIMEOUT') throw new ViewIndexing(`${db}/${view} is still being indexed`);
    throw new CentralError('CENTRAL_UNREACHABLE', `cannot reach central at ${base} (${(error as Error).message}).`);
  }
  const body = (await response.json().catch(() => ({}))) as { rows?: ViewRow<K, V>[]; error?: string; reason?: string };
  if (response.status === 404) throw new ViewMissing(`${db} has no reporting views (${body.reason ?? body.error ?? 'missing'})`);
  if (response.status === 401) throw new CentralError('CENTRAL_UNAUTHORIZED', `central at ${base} refused the administrator's name or password.`, 401);
  if (!response.ok) throw new CentralError('CENTRAL_REFUSED', `central refused to read ${db}/${view}: ${response.status} ${body.error ?? ''} ${body.reason ?? ''}`.trim(), response.status);
  return body.rows ?? [];
}

/** Reads several views of one hub database. A missing design document is put
 * back once (`rebuilt`); a view that does not answer in time makes the whole
 * hub `indexing` with no figures (never a partial or zero figure). */
export async function readHubViews<T>(
  central: CentralAdmin,
  db: string,
  read: (query: <K, V>(view: string, params: ViewParams) => Promise<ViewRow<K, V>[]>) => Promise<T>,
  waitMs: number,
): Promise<{ rebuilt: boolean; indexing: boolean; data: T | null }> {
  const query = <K, V>(view: string, params: ViewParams) => queryView<K, V>(central, db, view, params, waitMs);
  let rebuilt = false;
  for (;;) {
    try {
      return { rebuilt, indexing: false, data: await read(query) };
    } catch (error) {
      if (error instanceof ViewIndexing) return { rebuilt, indexing: true, data: null };
      if (!(error instanceof ViewMissing) || rebuilt) throw error;
    }
    await ensureImpactViews(central, db);
    rebuilt = true;
  }
}
