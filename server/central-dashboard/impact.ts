// The impact figures for a date range: each hub's reporting views are queried
// where the data lives (one range query per view per hub, all hubs at once),
// and their rows combined by impact-figures.ts. Rows are reused only while the
// hub's database is unchanged (its update sequence; RowsCache): a hub that
// syncs a month late changes past months at the next request, and each answer
// says when it was computed. A hub whose views are still being built is listed
// as `indexing` and left out of the figures (complete: false), never counted as zero.
import { type CentralAdmin, couchExpect } from '../../sync/central/couch-http.ts';
import { hubDatabase } from '../../sync/central/provision.ts';
import { combineImpact, type Figures, type GroupBy, type HubRows, type PersonFacts } from './impact-figures.ts';
import { readHub } from './hubs.ts';
import { queryView, readHubViews } from './view-query.ts';
import { activityRanges } from './impact-ranges.ts';
import { personsFromElsewhere } from './programme-wide.ts';

export interface ImpactHubState {
  hubId: string;
  name: string | null;
  country: string | null;
  /** False while CouchDB builds the hub's views: its figures are not included yet. */
  ready: boolean;
  /** The views were missing and have just been installed again. */
  rebuilt: boolean;
}

export interface ImpactReport {
  from: string;
  to: string;
  groupBy: GroupBy;
  computedAt: string;
  /** Every hub asked was included. */
  complete: boolean;
  hubs: ImpactHubState[];
  total: Figures;
  groups: { key: string; label: string; figures: Figures }[];
}

export interface ImpactSettings {
  central: CentralAdmin;
  /** Rows already read, by hub, range and the hub database's update sequence:
   * while a database has not changed, neither have its views, so its rows are
   * reused (one small request instead of six view queries). Any sync changes
   * the sequence, so late data is never hidden. */
  cache?: RowsCache;
  /** How long one view may take before the hub is shown as indexing. */
  indexWaitMs: number;
  sessionHours: number;
}

const CACHE_ENTRIES = 400;

/** A small least-recently-used map of hub rows. */
export class RowsCache {
  readonly #entries = new Map<string, HubRows>();
  get(key: string): HubRows | undefined {
    const rows = this.#entries.get(key);
    if (rows) {
      this.#entries.delete(key);
      this.#entries.set(key, rows);
    }
    return rows;
  }
  set(key: string, rows: HubRows): void {
    this.#entries.set(key, rows);
    if (this.#entries.size > CACHE_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
  }
}

/** The rows that do not depend on the range (first events, first completions,
 * people, course completions: all over all time). */
type WholeRows = Pick<HubRows, 'firstSeen' | 'completions' | 'persons' | 'courseCompletions'>;

async function hubRows(settings: ImpactSettings, hubId: string, country: string | null, from: string, to: string): Promise<{ rebuilt: boolean; indexing: boolean; data: HubRows | null }> {
  let key: string | null = null;
  let wholeKey: string | null = null;
  let whole: WholeRows | undefined;
  if (settings.cache) {
    const info = await couchExpect<{ update_seq?: unknown }>(settings.central, `read ${hubDatabase(hubId)}`, 'GET', `/${encodeURIComponent(hubDatabase(hubId))}`, undefined, [200]);
    const seq = JSON.stringify(info.body.update_seq);
    key = `${hubId}|${from}|${to}|${seq}`;
    const cached = settings.cache.get(key);
    if (cached) return { rebuilt: false, indexing: false, data: { ...cached, country } };
    // A range not read before still reuses what every range shares.
    wholeKey = `${hubId}|whole|${seq}`;
    whole = settings.cache.get(wholeKey);
  }
  const answer = await readHubViewRows(settings, hubId, country, from, to, whole);
  if (key && answer.data && !answer.rebuilt) {
    settings.cache!.set(key, answer.data);
    if (!whole) settings.cache!.set(wholeKey!, answer.data);
  }
  return answer;
}

async function readHubViewRows(settings: ImpactSettings, hubId: string, country: string | null, from: string, to: string, whole?: WholeRows) {
  const range = { startkey: [from], endkey: [to, {}] };
  return readHubViews(
    settings.central,
    hubDatabase(hubId),
    async (query): Promise<HubRows> => {
      const readWhole = async (): Promise<WholeRows> => {
        const [firstSeen, completions, persons, courseCompletions] = await Promise.all([
          query<[string, string], { min: number }>('first-seen', { group_level: 2 }),
          query<[string, string, string], { min: number }>('completions', { group_level: 3 }),
          query<string, PersonFacts>('persons', {}),
          // Every completion, not the range's: one made earlier on another truck counts first (programme-wide.ts).
          query<[string, string, string], [number, number]>('course-completions', {}),
        ]);
        return { firstSeen, completions, persons: new Map(persons.map((row) => [row.key, row.value])), courseCompletions };
      };
      const [activity, typing, attendance, observations, certifications, shared] = await Promise.all([
        Promise.all(activityRanges(from, to).map((keys) => query<[string, string, string, string], HubRows['activity'][number]['value']>('activity', { ...keys, group_level: 4 }))).then((parts) =>
          parts.flat().map((row) => ({ key: [row.key[1], row.key[2], row.key[3]] as [string, string, string], value: row.value })),
        ),
        query<[string, string], [string, number, string]>('typing', range),
        query<[string, string, string | null], number>('attendance', range),
        query<[string, string], number | null>('observations', range),
        query<[string, string], [string, string]>('certifications', range),
        whole ?? readWhole(),
      ]);
      const { firstSeen, completions, persons, courseCompletions } = shared;
      return { hubId, country, activity, firstSeen, completions, typing, persons, attendance, courseCompletions, observations, certifications };
    },
    settings.indexWaitMs,
  );
}

/** Every chosen hub's rows for the range (all hubs at once), with its state:
 * the common first step of the impact, trainer and library reports. */
export async function readHubs(settings: ImpactSettings, hubIds: readonly string[], from: string, to: string) {
  const computedAt = new Date().toISOString();
  const answers = await Promise.all(
    hubIds.map(async (hubId) => {
      const hub = await readHub(settings.central, hubId, Number.POSITIVE_INFINITY);
      const rows = await hubRows(settings, hubId, hub.country, from, to);
      return { hub, ...rows };
    }),
  );
  const included = answers.flatMap((answer) => (answer.data ? [answer.data] : []));
  return {
    computedAt,
    included,
    persons: await readPersonsElsewhere(settings, included),
    complete: included.length === answers.length,
    names: new Map(answers.map((a) => [a.hub.hubId, a.hub.name])),
    hubs: answers.map(({ hub, data, rebuilt }): ImpactHubState => ({ hubId: hub.hubId, name: hub.name, country: hub.country, ready: data !== null, rebuilt })),
  };
}

/** The records of visiting staff whose home hub is not among those chosen
 * (a sponsor's trucks visited by a trainer of another truck), read from their
 * home hub's \`persons\` view. A home hub not registered, or still indexing,
 * leaves them unknown. */
async function readPersonsElsewhere(settings: ImpactSettings, included: readonly HubRows[]): Promise<Map<string, PersonFacts>> {
  const found = new Map<string, PersonFacts>();
  await Promise.all(
    [...personsFromElsewhere(included)].map(async ([home, ids]) => {
      const rows = await queryView<string, PersonFacts>(settings.central, hubDatabase(home), 'persons', {}, settings.indexWaitMs).catch(() => []);
      const wanted = new Set(ids);
      for (const row of rows) if (wanted.has(row.key)) found.set(row.key, row.value);
    }),
  );
  return found;
}

export async function computeImpact(settings: ImpactSettings, hubIds: readonly string[], query: { from: string; to: string; groupBy: GroupBy }): Promise<ImpactReport> {
  const { computedAt, included, persons, complete, names, hubs } = await readHubs(settings, hubIds, query.from, query.to);
  const combined = combineImpact(included, { ...query, sessionHours: settings.sessionHours, persons });
  return {
    ...query,
    computedAt,
    complete,
    hubs,
    total: combined.total,
    groups: combined.groups.map((group) => ({ ...group, label: query.groupBy === 'hub' ? (names.get(group.key) ?? group.key) : group.key })),
  };
}
