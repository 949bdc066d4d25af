// SHA-256 checksums of a pack's files, as listed in pack.json's `files`. A pack
// whose files do not match was changed or damaged after it was made.
import { createHash } from 'node:crypto';
import type { PackFiles } from './files.ts';
import type { Problems } from './problems.ts';

export const MANIFEST_PATH = 'pack.json';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function computeChecksums(files: PackFiles): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of [...files.keys()].sort()) {
    if (path !== MANIFEST_PATH) out[path] = sha256(files.get(path)!);
  }
  return out;
}

export function verifyChecksums(files: PackFiles, listed: Record<string, string>, problems: Problems): void {
  const actual = computeChecksums(files);
  for (const [path, expected] of Object.entries(listed)) {
    if (!(path in actual)) problems.add(MANIFEST_PATH, undefined, `"${path}" is listed in "files" but is not in the pack.`);
    else if (actual[path] !== expected) {
      problems.add(path, undefined, 'Its checksum does not match pack.json: the file was changed or damaged after the pack was made. Copy the pack again, or run "npx darasa pack checksum" if you edited it on purpose.');
    }
  }
  for (const path of Object.keys(actual)) {
    if (!(path in listed)) problems.add(path, undefined, 'This file is not listed in pack.json "files". Run "npx darasa pack checksum" after editing a pack.');
  }
}
