// A small typed repository over one document type. Domains extend it in their
// own `repository.ts`; nothing else in the server calls PouchDB directly.
// Invariant: every document it writes has `type` equal to the repository's type
// and an `_id` that starts with `<type>:`.
import type { BaseDoc } from '../../sync/documents.ts';
import { idRange, makeHubDocId } from '../../sync/ids.ts';
import type { Database } from './open-database.ts';

export function isNotFound(error: unknown): boolean {
  return (error as { status?: number }).status === 404;
}

export function isConflict(error: unknown): boolean {
  return (error as { status?: number }).status === 409;
}

export class Repository<T extends BaseDoc> {
  constructor(
    protected readonly db: Database,
    readonly type: string,
  ) {}

  /** A new id for a document of this type created on the given hub. */
  newId(hubId: string): string {
    return makeHubDocId(this.type, hubId);
  }

  async get(id: string): Promise<T | null> {
    try {
      return (await this.db.get(id)) as unknown as T;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** Writes the document (create, or update when `_rev` is given) and returns it
   * with its new revision. PouchDB has fsynced the write when this resolves. */
  async put(doc: T): Promise<T> {
    this.assertOwn(doc);
    const result = await this.db.put(doc);
    return { ...doc, _rev: result.rev };
  }

  /** Every document of this type, optionally only those created on one hub, in id order. */
  async list(options: { hubId?: string; limit?: number } = {}): Promise<T[]> {
    const result = await this.db.allDocs({
      ...idRange(this.type, options.hubId),
      include_docs: true,
      ...(options.limit ? { limit: options.limit } : {}),
    });
    return result.rows.flatMap((row) => (row.doc ? [row.doc as unknown as T] : []));
  }

  async count(hubId?: string): Promise<number> {
    const result = await this.db.allDocs(idRange(this.type, hubId));
    return result.rows.length;
  }

  private assertOwn(doc: T): void {
    if (doc.type !== this.type || !doc._id.startsWith(`${this.type}:`)) {
      throw new Error(`A ${this.type} repository cannot write ${doc.type} document ${doc._id}`);
    }
  }
}
