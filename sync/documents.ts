// The document contract: every stored document has a `type` and an `_id` that
// starts with it (DESIGN.md). Domains add their own document interfaces beside
// this base as they land; the list of types is the one place that names them,
// so validators at central and replication filters can be generated from it.

export interface BaseDoc {
  _id: string;
  _rev?: string;
  type: string;
  /** ISO 8601 time of creation, where the document was made. */
  createdAt: string;
}

/** Where a document type lives: `hub` documents replicate to the hub's own
 * database at central; `local` documents never leave the hub (secrets, sessions,
 * settings that name the hub's own machine). */
export type Partition = 'hub' | 'local';

export const DOCUMENT_TYPES = {
  hub: { partition: 'hub', description: "the truck's identity: name, country, default language" },
} as const satisfies Record<string, { partition: Partition; description: string }>;

export type DocumentType = keyof typeof DOCUMENT_TYPES;
