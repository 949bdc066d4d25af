// The shared library at central (`darasa-library`): content packs every hub may
// install, written by central's administrators only (its validator) and read by
// hubs. A pack travels as its .zip — the same file a USB stick carries, checked
// by the same validator on the hub before anything is installed — cut into
// fixed-size chunks, one chunk per document attachment, so that a download cut
// by the link resumes at the chunk it stopped in instead of starting again
// (HTTP Range on attachments is not something every CouchDB-protocol server
// offers; a document per chunk works on all of them).
//
//   library-pack:<packId>                 what the pack is, its version, the
//                                         SHA-256 of the whole .zip and of
//                                         every chunk — written last, so a hub
//                                         never sees a pack whose chunks are
//                                         not all there
//   library-chunk:<zipSha256>:<00000>     attachment `data`: bytes
//                                         [index × chunkSize, …) of the .zip

export const LIBRARY_CHUNK_BYTES = 256 * 1024;

export interface LibraryPackDoc {
  _id: string;
  _rev?: string;
  type: 'library-pack';
  packId: string;
  version: string;
  title: string;
  licence: string;
  courseIds: string[];
  languages: string[];
  /** SHA-256 (hex) and size of the whole .zip. */
  sha256: string;
  size: number;
  chunkSize: number;
  /** SHA-256 (hex) of each chunk, in order. */
  chunks: string[];
  publishedAt: string;
  publishedBy: string;
  createdAt: string;
}

export const libraryIds = {
  pack: (packId: string) => `library-pack:${packId}`,
  chunk: (zipSha256: string, index: number) => `library-chunk:${zipSha256}:${String(index).padStart(5, '0')}`,
};

export function isLibraryPackDoc(doc: unknown): doc is LibraryPackDoc {
  const d = doc as Partial<LibraryPackDoc> | null;
  return (
    !!d &&
    d.type === 'library-pack' &&
    typeof d.packId === 'string' &&
    typeof d.version === 'string' &&
    typeof d.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(d.sha256) &&
    typeof d.size === 'number' &&
    typeof d.chunkSize === 'number' &&
    d.chunkSize > 0 &&
    Array.isArray(d.chunks) &&
    d.chunks.length === Math.ceil(d.size / d.chunkSize) &&
    d.chunks.every((c) => typeof c === 'string' && /^[0-9a-f]{64}$/.test(c))
  );
}
