// The sync domain's records, all in the hub's `local` database (they never
// travel: the connection holds central's password): the connection to central,
// and the sync state (last success, errors, refusals, bytes per day, budget).
import type { Database } from '../store/open-database.ts';
import { isNotFound } from '../store/repository.ts';
import type { DeniedDoc } from '../../sync/replicator/push.ts';
import type { LibraryState } from './library.ts';

export interface ConnectionDoc {
  _id: string;
  _rev?: string;
  type: 'sync-connection';
  centralUrl: string;
  database: string;
  username: string;
  password: string;
  connectedAt: string;
  createdAt: string;
}

/** A document with conflicting revisions, as the last sync found it: at the
 * hub (its own database) or at central (the hub's database there). */
export interface ConflictEntry {
  id: string;
  where: 'hub' | 'central';
  type: string;
  /** The live leaf revisions, the winner first. */
  revs: string[];
}

export interface UsbExportRecord {
  at: string;
  documents: number;
  byKind: Record<string, number>;
  /** Size of the file. */
  bytes: number;
}

export interface SyncStateDoc {
  _id: string;
  _rev?: string;
  type: 'sync-state';
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastError: { code: string; message: string; at: string } | null;
  /** The hub database's update sequence the last successful push reached. */
  pushedSeq: number | string;
  refused: (DeniedDoc & { at: string })[];
  /** Ids of documents with conflicting revisions, at the hub or at central. */
  conflicts: string[];
  /** Where each conflict is and its live revisions (absent before the first sync that looked). */
  conflictDetails?: ConflictEntry[];
  /** The hub database's update sequence up to which its own conflicts were looked for. */
  conflictsCheckedSeq?: number | string;
  /** Bytes on the wire per day (YYYY-MM-DD, UTC). */
  bytesByDay: Record<string, { sent: number; received: number }>;
  budget: { dailyBytes: number | null; monthlyBytes: number | null };
  /** The last file exported for central by USB (absent before the first; server/sync/usb-export.ts). */
  lastUsbExport?: UsbExportRecord | null;
  /** What the last pulls of central's shared library brought (absent before the first). */
  library?: LibraryState;
  /** The latest run, finished or failed: bytes it put on the wire and documents
   * it wrote, so a resumed run can be seen to resend little. */
  lastRun?: { at: string; ok: boolean; sent: number; received: number; written: number };
  createdAt: string;
}

export class SyncRepository {
  constructor(
    private readonly db: Database,
    private readonly hubId: string,
  ) {}

  private get connectionId() {
    return `sync-connection:${this.hubId}:current`;
  }

  private get stateId() {
    return `sync-state:${this.hubId}:current`;
  }

  private async get<T>(id: string): Promise<T | null> {
    try {
      return (await this.db.get(id)) as unknown as T;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  getConnection = () => this.get<ConnectionDoc>(this.connectionId);

  async saveConnection(fields: Omit<ConnectionDoc, '_id' | '_rev' | 'type' | 'createdAt'>): Promise<void> {
    const existing = await this.getConnection();
    await this.db.put({ ...fields, _id: this.connectionId, type: 'sync-connection', createdAt: existing?.createdAt ?? fields.connectedAt, ...(existing?._rev ? { _rev: existing._rev } : {}) });
  }

  async deleteConnection(): Promise<void> {
    const existing = await this.getConnection();
    if (existing) await this.db.remove(existing._id, existing._rev!);
  }

  async getState(): Promise<SyncStateDoc> {
    return (
      (await this.get<SyncStateDoc>(this.stateId)) ?? {
        _id: this.stateId,
        type: 'sync-state',
        lastSuccessAt: null,
        lastAttemptAt: null,
        lastError: null,
        pushedSeq: 0,
        refused: [],
        conflicts: [],
        bytesByDay: {},
        budget: { dailyBytes: null, monthlyBytes: null },
        createdAt: new Date().toISOString(),
      }
    );
  }

  /** Reads, changes and writes the state; retried on a conflicting write. */
  async updateState(change: (state: SyncStateDoc) => void): Promise<SyncStateDoc> {
    for (;;) {
      const state = await this.getState();
      change(state);
      try {
        const result = await this.db.put(state);
        return { ...state, _rev: result.rev };
      } catch (error) {
        if ((error as { status?: number }).status !== 409) throw error;
      }
    }
  }
}
