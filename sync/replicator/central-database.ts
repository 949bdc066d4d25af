// The few CouchDB calls a push makes to the hub's database at central, over the
// uplink fetch (deadlines, gzip bodies, byte counting: link-fetch.ts):
//
//   getLocal(id) / putLocal(doc)   the push checkpoint (`_local/…`, never validated)
//   revsDiff(revs)                 which revisions central lacks
//   bulkDocs(docs)                 writes revisions as they are (new_edits: false)
//
// Written for CouchDB 3; the embedded central answers the same. Every call is
// safe to repeat (bulkDocs with new_edits: false stores a revision once; a
// checkpoint write that raced its retry is a 409, re-read and written again), so
// a request that failed on a kept-alive socket central had already closed
// (UND_ERR_SOCKET "other side closed": fetch does not retry a POST or a PUT by
// itself) is sent once more.
import type { FetchLike } from './link-fetch.ts';
import { isStaleConnection } from './link-fetch.ts';

export interface CentralTarget {
  /** The hub's database at central, e.g. https://central.example.org/darasa-hub-abcdefghij */
  databaseUrl: string;
  username: string;
  password: string;
}

/** A refusal by central of one document (validate_doc_update, or no right to write it). */
export interface DocError {
  id: string;
  error: string;
  reason: string;
}

/** Central answered with an HTTP error: `status` is what link-errors.ts reads. */
export class CentralHttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly reason: string,
    what: string,
  ) {
    super(`central answered ${status} ${error} to ${what}: ${reason}`);
    this.name = error || 'CentralHttpError';
  }
}

export interface LocalDoc {
  _id: string;
  _rev?: string;
  [field: string]: unknown;
}

export class CentralDatabase {
  readonly #base: string;
  readonly #authorization: string;
  readonly #fetch: FetchLike;

  constructor(target: CentralTarget, fetch: FetchLike) {
    this.#base = target.databaseUrl.replace(/\/+$/, '');
    this.#authorization = `Basic ${Buffer.from(`${target.username}:${target.password}`).toString('base64')}`;
    this.#fetch = fetch;
  }

  /** The database's name at central (the last segment of its URL). */
  get name(): string {
    return decodeURIComponent(new URL(this.#base).pathname.split('/').filter(Boolean).at(-1) ?? '');
  }

  async #request<T>(method: string, path: string, what: string, body?: unknown): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { authorization: this.#authorization, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const send = () => this.#fetch(`${this.#base}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    let response: Response;
    try {
      response = await send();
    } catch (error) {
      if (!isStaleConnection(error)) throw error;
      response = await send();
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = { error: 'not_json', reason: text.slice(0, 200) };
    }
    return { status: response.status, body: parsed as T };
  }

  #fail(status: number, body: unknown, what: string): never {
    const e = (body ?? {}) as { error?: string; reason?: string };
    throw new CentralHttpError(status, e.error ?? '', e.reason ?? '', what);
  }

  /** A `_local/` document, or null if there is none. A missing database is an error (404). */
  async getLocal(id: string): Promise<LocalDoc | null> {
    const what = 'reading the push checkpoint';
    const { status, body } = await this.#request<LocalDoc & { error?: string; reason?: string }>('GET', `/${id}`, what);
    if (status === 200) return body;
    // CouchDB says "missing" (or "deleted") for an absent document, and names the
    // database ("Database does not exist.", express-pouchdb "no_db_file") when
    // the database itself is absent: a hub that is not registered.
    if (status === 404 && (body?.reason === 'missing' || body?.reason === 'deleted')) return null;
    this.#fail(status, body, what);
  }

  /** Writes a `_local/` document; returns its new revision. A stale `_rev` (a retried
   * write that had gone through, a checkpoint another run moved on) is re-read once. */
  async putLocal(doc: LocalDoc): Promise<string> {
    const what = 'writing the push checkpoint';
    let { status, body } = await this.#request<{ rev?: string }>('PUT', `/${doc._id}`, what, doc);
    if (status === 409) {
      const current = await this.getLocal(doc._id);
      ({ status, body } = await this.#request<{ rev?: string }>('PUT', `/${doc._id}`, what, { ...doc, _rev: current?._rev }));
    }
    if (status !== 201 && status !== 200) this.#fail(status, body, what);
    return body.rev!;
  }

  /** For each id, the revisions central does not have (ids central has in full are absent). */
  async revsDiff(revs: Record<string, string[]>): Promise<Record<string, string[]>> {
    const what = 'comparing revisions (_revs_diff)';
    const { status, body } = await this.#request<Record<string, { missing: string[] }>>('POST', '/_revs_diff', what, revs);
    if (status !== 200) this.#fail(status, body, what);
    return Object.fromEntries(Object.entries(body ?? {}).map(([id, diff]) => [id, diff.missing]));
  }

  /** Stores the revisions as they are, history included; returns the refused ones. */
  async bulkDocs(docs: object[]): Promise<DocError[]> {
    const what = 'writing documents (_bulk_docs)';
    const { status, body } = await this.#request<DocError[]>('POST', '/_bulk_docs', what, { new_edits: false, docs });
    if (status !== 201 && status !== 200) this.#fail(status, body, what);
    // With new_edits: false CouchDB lists only the failures; express-pouchdb too.
    return (Array.isArray(body) ? body : []).filter((row) => row.error);
  }
}
