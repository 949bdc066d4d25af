// Files an author uploads into a lesson: only images, audio and video whose
// first bytes match an allowed type (a renamed .exe or .html is refused, and
// an SVG with script), kept by SHA-256 in the hub's media store like pack media.
// The answer is the reference to write in the Markdown; it has the same shape
// as in a pack's lesson file, so the published pack needs no rewriting.
import { sha256 } from '../../content/pack/checksums.ts';
import { identifyMedia, extensionOf, MEDIA_TYPES } from '../../content/pack/media-types.ts';
import { contentIds, type LessonMedia, type MediaDoc } from '../../sync/content-documents.ts';
import type { ContentRepository } from '../content/repository.ts';
import type { MediaStore } from '../content/media-store.ts';
import { Errors } from '../errors.ts';

export interface UploadedMedia {
  ref: string;
  sha256: string;
  mime: string;
  kind: 'image' | 'audio' | 'video';
  size: number;
  url: string;
}

/** `../../../media/<sha256>.<ext>`: a lesson file sits at courses/<course>/lessons/. */
export const UPLOADED_REF = /^\.\.\/\.\.\/\.\.\/media\/([a-f0-9]{64})\.([a-z0-9]{2,5})$/;
export const refFor = (hash: string, extension: string) => `../../../media/${hash}.${extension}`;

export async function storeUpload(fileName: string, bytes: Uint8Array, repository: ContentRepository, media: MediaStore): Promise<UploadedMedia> {
  if (bytes.length === 0) throw new Errors.MEDIA_REFUSED('the file is empty.');
  // A file with no extension (a pasted picture) is named by what its bytes are.
  const sniffed = extensionOf(fileName) ? fileName : `${fileName}.${Object.keys(MEDIA_TYPES).find((ext) => ext !== 'svg' && MEDIA_TYPES[ext]!.matches(bytes)) ?? 'bin'}`;
  const identified = identifyMedia(sniffed, bytes);
  if ('problem' in identified) throw new Errors.MEDIA_REFUSED(identified.problem.replace('in packs', 'in lessons'));
  const hash = sha256(bytes);
  const existing = await repository.getMedia(hash);
  // The same bytes uploaded as .jpeg and .jpg are one file, under the first name's extension.
  const extension = existing?.extension ?? extensionOf(sniffed);
  if (!existing) {
    const doc: MediaDoc = { _id: contentIds.media(hash), type: 'media', sha256: hash, mime: identified.type.mime, kind: identified.type.kind, size: bytes.length, extension, createdAt: new Date().toISOString() };
    await media.put(hash, extension, bytes);
    try {
      await repository.writeAll([doc], new Map());
    } catch (error) {
      // Two uploads of the same file at once: the other one wrote the document.
      if (!(await repository.getMedia(hash))) throw error;
    }
  }
  return { ref: refFor(hash, extension), sha256: hash, mime: identified.type.mime, kind: identified.type.kind, size: bytes.length, url: `/api/media/${hash}.${extension}` };
}

/** Resolves the media references of some Markdown: those already known are kept,
 * uploaded ones (UPLOADED_REF) are looked up; unknown ones are left out (publishing names them). */
export async function resolveMedia(refs: string[], known: Record<string, LessonMedia>, repository: ContentRepository): Promise<Record<string, LessonMedia>> {
  const out: Record<string, LessonMedia> = {};
  for (const ref of new Set(refs)) {
    if (known[ref]) {
      out[ref] = known[ref];
      continue;
    }
    const match = UPLOADED_REF.exec(ref);
    const doc = match ? await repository.getMedia(match[1]!) : null;
    if (doc && doc.extension === match![2]) out[ref] = { sha256: doc.sha256, mime: doc.mime, kind: doc.kind, path: `media/${doc.sha256}.${doc.extension}` };
  }
  return out;
}
