// Conflicts between revisions of one document, found after every push and
// resolved by an administrator keeping one version (DESIGN.md, principle 4).
//
//   detectConflicts(hub, central, previous)  after a push: the hub's own conflicts and central's
//                                            (the `conflicts` view of the hub's database there)
//   ConflictService.describe(id)             every live version, where it is, who changed it
//                                            when, and the fields that differ
//   ConflictService.resolve(id, keepRev)     keeps one version, ends the others
//
// Where they arise: the hub pushes only its own database, so a conflict shows
// up mostly at central (a hub restored from an old backup edits a document
// again and pushes a divergent revision; a central administrator edits a hub's
// document), and at the hub only if revisions ever come back to it.
//
// Resolving is one local write, and the next push carries it: the versions
// central has and the hub lacks are brought home with their history, and
// every live version but the kept one gets a tombstone, all in one bulkDocs
// with `new_edits: false`. The hub stays the one writer of its records; the
// hub and central end with the same revision tree, so no later push can bring
// the conflict back. Events are written once and never edited: they cannot
// conflict by design, and one that somehow does is never "resolved" by
// deleting learning history (refused).
import { randomBytes } from 'node:crypto';
import { Errors } from '../errors.ts';
import { makeLinkFetch, type FetchLike } from '../../sync/replicator/link-fetch.ts';
import { openRemoteDatabase } from '../../sync/pouchdb.ts';
import type { CentralTarget } from '../../sync/replicator/push.ts';
import { parseDocId } from '../../sync/ids.ts';
import { explainLinkFailure } from './link-errors.ts';
import { ConflictRepository, leavesFrom, type LeafDoc, type OpenRevsAnswer } from './conflict-repository.ts';
import type { ConflictEntry, SyncRepository, SyncStateDoc } from './repository.ts';

type Log = { warn(obj: object, msg: string): void };
type CentralLink = CentralTarget & { fetch: FetchLike };

const typeOf = (id: string) => parseDocId(id)?.type ?? (id.startsWith('_design/') ? 'design' : 'other');

/** Central's conflicts, from the view; null when it cannot say (the view is
 * missing because the hub was registered before it existed, or the link
 * failed): the caller then keeps what it knew. */
async function findCentralConflicts(central: CentralLink, log: Log): Promise<ConflictEntry[] | null> {
  const remote = openRemoteDatabase(central.databaseUrl, central);
  try {
    const result = await remote.query<{ rev: string; conflicts: string[] }>('darasa/conflicts');
    return result.rows.map((row) => ({ id: row.id, where: 'central' as const, type: typeOf(row.id), revs: [row.value.rev, ...row.value.conflicts] }));
  } catch (error) {
    const status = (error as { status?: number }).status;
    log.warn({ status }, status === 404
      ? "central's conflicts view is missing (the hub was registered before it existed): register the hub again at central to refresh its design document"
      : 'could not read the conflicts at central; the previous list is kept');
    return null;
  } finally {
    await remote.close().catch(() => undefined);
  }
}

/** Every conflict after a push, as the sync state's fields: the hub's (the
 * previous list updated by the documents changed since the last look), then
 * central's (or the previous central list when central cannot say). Never
 * throws for a link failure: the push itself succeeded. */
export async function detectConflicts(
  hub: ConflictRepository,
  central: CentralLink,
  previous: Pick<SyncStateDoc, 'conflictDetails' | 'conflictsCheckedSeq'>,
  log: Log,
): Promise<Pick<SyncStateDoc, 'conflicts' | 'conflictDetails' | 'conflictsCheckedSeq'>> {
  const before = previous.conflictDetails ?? [];
  const atHub = new Map(before.filter((entry) => entry.where === 'hub').map((entry) => [entry.id, entry]));
  const { changed, lastSeq } = await hub.changedSince(previous.conflictsCheckedSeq ?? 0);
  for (const { id, revs } of changed) {
    if (revs.length > 1) atHub.set(id, { id, where: 'hub', type: typeOf(id), revs });
    else atHub.delete(id);
  }
  const atCentral = (await findCentralConflicts(central, log)) ?? before.filter((entry) => entry.where === 'central');
  const entries = [...atHub.values(), ...atCentral];
  return { conflicts: [...new Set(entries.map((entry) => entry.id))], conflictDetails: entries, conflictsCheckedSeq: lastSeq };
}

export interface ConflictVersion {
  rev: string;
  /** Where this version is a leaf: on the hub, at central, or both. */
  where: ('hub' | 'central')[];
  /** The version CouchDB and PouchDB show today (longest history, then highest revision id). */
  winner: boolean;
  /** When it was last changed, by the document's own `updatedAt` (or `createdAt`). */
  updatedAt: string | null;
  /** The document's fields, without CouchDB's own (`_id`, `_rev`…). */
  fields: Record<string, unknown>;
}

export interface ConflictDescription {
  id: string;
  type: string;
  versions: ConflictVersion[];
  /** Fields whose values are not the same in every version. */
  differences: string[];
}

const generation = (rev: string) => Number(rev.slice(0, rev.indexOf('-')));
const hashOf = (rev: string) => rev.slice(rev.indexOf('-') + 1);

/** CouchDB's winner order: the longer history first, then the higher revision id. */
const byWinner = (a: string, b: string) => generation(b) - generation(a) || (hashOf(b) > hashOf(a) ? 1 : hashOf(b) < hashOf(a) ? -1 : 0);

/** The leaves of the revision tree that the hub's and central's leaves make
 * together: a leaf of one side that is an ancestor of a leaf of the other
 * (central ended a version the hub still shows) is not a leaf any more. */
function mergedLeaves(hubLeaves: LeafDoc[], centralLeaves: LeafDoc[]): Map<string, { doc: LeafDoc; where: ('hub' | 'central')[] }> {
  const ancestors = new Set<string>();
  for (const doc of [...hubLeaves, ...centralLeaves]) {
    doc._revisions.ids.slice(1).forEach((hash, i) => ancestors.add(`${doc._revisions.start - i - 1}-${hash}`));
  }
  const leaves = new Map<string, { doc: LeafDoc; where: ('hub' | 'central')[] }>();
  for (const [where, docs] of [['hub', hubLeaves], ['central', centralLeaves]] as const) {
    for (const doc of docs) {
      if (ancestors.has(doc._rev)) continue;
      const known = leaves.get(doc._rev);
      if (known) known.where.push(where);
      else leaves.set(doc._rev, { doc, where: [where] });
    }
  }
  return leaves;
}

function fieldsOf(doc: LeafDoc): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !key.startsWith('_')));
}

function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
}

export class ConflictService {
  readonly repository: ConflictRepository;

  constructor(
    hub: ConstructorParameters<typeof ConflictRepository>[0],
    private readonly sync: SyncRepository,
    private readonly options: {
      timeoutMs: number;
      startSync: () => void;
      /** Domains that cache a document re-read it here (the hub settings). */
      onResolved?: (id: string) => Promise<unknown>;
    },
  ) {
    this.repository = new ConflictRepository(hub);
  }

  /** Every live version of a conflicted document, on the hub and, when the last
   * sync found the conflict there, at central (read over the link). */
  async describe(id: string): Promise<ConflictDescription> {
    const { versions } = await this.#gather(id);
    const live = [...versions.values()].filter(({ doc }) => !doc._deleted).sort((a, b) => byWinner(a.doc._rev, b.doc._rev));
    if (live.length < 2) throw new Errors.CONFLICT_NOT_FOUND(id);
    const described = live.map(({ doc, where }, i) => ({
      rev: doc._rev,
      where,
      winner: i === 0,
      updatedAt: typeof doc.updatedAt === 'string' ? doc.updatedAt : typeof doc.createdAt === 'string' ? doc.createdAt : null,
      fields: fieldsOf(doc),
    }));
    const keys = [...new Set(described.flatMap((version) => Object.keys(version.fields)))].sort();
    const differences = keys.filter((key) => new Set(described.map((version) => sortedJson(version.fields[key] ?? null))).size > 1);
    return { id, type: typeOf(id), versions: described, differences };
  }

  /** Keeps `keepRev` and ends every other live version, in one local write; the
   * next push (started now when connected) carries the tombstones to central.
   * Refuses an event, an unknown document and a version that is not (or no
   * longer) one of the live ones, changing nothing. */
  async resolve(id: string, keepRev: string): Promise<void> {
    if (typeOf(id) === 'event') throw new Errors.CONFLICT_EVENT(id);
    const { versions, hubLeaves } = await this.#gather(id);
    const live = [...versions.values()].filter(({ doc }) => !doc._deleted);
    if (live.length < 2) throw new Errors.CONFLICT_NOT_FOUND(id);
    if (!live.some(({ doc }) => doc._rev === keepRev)) throw new Errors.CONFLICT_REV_UNKNOWN(keepRev, id);

    const onHub = new Set(hubLeaves.map((doc) => doc._rev));
    const broughtHome = [...versions.values()].filter(({ doc }) => !onHub.has(doc._rev)).map(({ doc }) => doc);
    const tombstones = live
      .filter(({ doc }) => doc._rev !== keepRev)
      .map(({ doc }): LeafDoc => {
        // A revision id of our own making, as CouchDB does for a deletion: 32 hex characters.
        const hash = randomBytes(16).toString('hex');
        const start = doc._revisions.start + 1;
        return { _id: id, _rev: `${start}-${hash}`, _deleted: true, _revisions: { start, ids: [hash, ...doc._revisions.ids] } };
      });
    await this.repository.writeRevisions([...broughtHome, ...tombstones]);
    // Resolved here; the push that carries it refreshes the list from central.
    await this.sync.updateState((state) => {
      state.conflictDetails = (state.conflictDetails ?? []).filter((entry) => entry.id !== id);
      state.conflicts = state.conflicts.filter((other) => other !== id);
    });
    await this.options.onResolved?.(id);
    if (await this.sync.getConnection()) this.options.startSync();
  }

  /** The hub's leaves, and central's when the last sync listed the conflict
   * there (the link is used only then: a conflict on the hub alone is handled
   * offline). Bytes on the link count towards the data budget. */
  async #gather(id: string) {
    const hubLeaves = await this.repository.leaves(id);
    const state = await this.sync.getState();
    const atCentral = (state.conflictDetails ?? []).some((entry) => entry.id === id && entry.where === 'central');
    let centralLeaves: LeafDoc[] = [];
    if (atCentral) {
      const connection = await this.sync.getConnection();
      if (!connection) throw new Errors.SYNC_NOT_CONNECTED();
      const bytes = { sent: 0, received: 0 };
      const fetchLink = makeLinkFetch({ timeoutMs: this.options.timeoutMs, onBytes: (sent, received) => ((bytes.sent += sent), (bytes.received += received)) });
      const remote = openRemoteDatabase(`${connection.centralUrl}/${connection.database}`, { username: connection.username, password: connection.password, fetch: fetchLink });
      try {
        centralLeaves = leavesFrom((await remote.get(id, { open_revs: 'all', revs: true } as never)) as unknown as OpenRevsAnswer);
      } catch (error) {
        if ((error as { status?: number }).status !== 404) throw new Errors.CENTRAL_CONNECTION_FAILED(explainLinkFailure(error, connection.centralUrl).message);
      } finally {
        await remote.close().catch(() => undefined);
        await this.#countBytes(bytes);
      }
    }
    return { versions: mergedLeaves(hubLeaves, centralLeaves), hubLeaves };
  }

  async #countBytes(bytes: { sent: number; received: number }): Promise<void> {
    if (bytes.sent + bytes.received === 0) return;
    const day = new Date().toISOString().slice(0, 10);
    await this.sync.updateState((state) => {
      const current = state.bytesByDay[day] ?? { sent: 0, received: 0 };
      state.bytesByDay[day] = { sent: current.sent + bytes.sent, received: current.received + bytes.received };
    });
  }
}
