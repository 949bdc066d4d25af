// The hub settings document (`hub:<hubId>:settings` in the `hub` database), the
// only code that reads or writes it. Settings are read on every page load (GET
// /api/hub) and every learner request (idle time), so they are cached; this
// process is the document's only writer.
import type { HubSettingsDoc } from '../../sync/documents.ts';
import { Repository } from '../store/repository.ts';
import type { Store } from '../store/store.ts';

export const DEFAULT_LEARNER_IDLE_MINUTES = 15;

export type SettingsChange = Partial<Pick<HubSettingsDoc, 'name' | 'country' | 'defaultLanguage' | 'allowNoPin' | 'learnerIdleMinutes'>>;

export class HubSettingsRepository {
  readonly #repo: Repository<HubSettingsDoc>;
  readonly #id: string;
  #cached: HubSettingsDoc | null | undefined;

  constructor(store: Store) {
    this.#repo = new Repository<HubSettingsDoc>(store.databases.hub, 'hub');
    this.#id = `hub:${store.hubId}:settings`;
  }

  /** The settings, or null before setup. */
  async read(): Promise<HubSettingsDoc | null> {
    if (this.#cached === undefined) this.#cached = await this.#repo.get(this.#id);
    return this.#cached;
  }

  /** The cached settings without a disk read (null before setup or before the first read). */
  peek(): HubSettingsDoc | null {
    return this.#cached ?? null;
  }

  /** Reads the document again: sync's conflict resolution (server/sync/conflicts.ts)
   * may have replaced it with central's version, leaving the cache stale (and its
   * revision no longer current, so the next update would fail). */
  async reload(): Promise<HubSettingsDoc | null> {
    this.#cached = await this.#repo.get(this.#id);
    return this.#cached;
  }

  /** Writes the first settings; a conflict means setup already happened (409 from PouchDB). */
  async create(fields: Pick<HubSettingsDoc, 'name' | 'country' | 'defaultLanguage'>): Promise<HubSettingsDoc> {
    const now = new Date().toISOString();
    const doc: HubSettingsDoc = {
      _id: this.#id,
      type: 'hub',
      createdAt: now,
      updatedAt: now,
      allowNoPin: false,
      learnerIdleMinutes: DEFAULT_LEARNER_IDLE_MINUTES,
      ...fields,
    };
    this.#cached = await this.#repo.put(doc);
    return this.#cached;
  }

  async update(change: SettingsChange): Promise<HubSettingsDoc> {
    const current = await this.read();
    if (!current) throw new Error('update before setup');
    this.#cached = await this.#repo.put({ ...current, ...change, updatedAt: new Date().toISOString() });
    return this.#cached;
  }
}
