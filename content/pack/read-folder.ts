// Reads a content pack from a folder into memory under the same rules as a zip: safe,
// normalised names, junk skipped, no symbolic links anywhere inside (a link on a USB stick
// can point at /etc or at the hub's data), and the same limits. The folder is walked and
// checked in full before any file is read; any problem throws a PackFileError.
import { constants } from 'node:fs';
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import nodePath from 'node:path';
import {
  PackFileError,
  PackPathSet,
  fileTooLarge,
  isJunkPath,
  normalisePackPath,
  packRootPrefix,
  packTooLarge,
  quote,
  resolveLimits,
  type PackFiles,
  type PackLimits,
} from './files.ts';

interface FoundFile {
  path: string; // normalised pack path
  absolute: string;
}

export async function readPackFolder(dir: string, limits?: Partial<PackLimits>): Promise<PackFiles> {
  const resolved = resolveLimits(limits);
  const root = await openRoot(dir);
  const kept = new PackPathSet(resolved);
  const found: FoundFile[] = [];
  await walk(root, '', { dir, kept, found, limits: resolved, total: 0 });
  const prefix = packRootPrefix(found.map(({ path }) => path));
  const files: PackFiles = new Map();
  let total = 0;
  for (const { path, absolute } of found) {
    const bytes = await readRegularFile(absolute, path, resolved, total);
    total += bytes.byteLength;
    files.set(path.slice(prefix.length), bytes);
  }
  return files;
}

/**
 * The real path of the pack folder. The folder the operator names may itself be a link
 * (e.g. a mount point); links are refused only inside it, where the pack's author put them.
 */
async function openRoot(dir: string): Promise<string> {
  try {
    const root = await realpath(dir);
    if ((await stat(root)).isDirectory()) return root;
  } catch (error) {
    throw unreadable(dir, error, 'The pack folder');
  }
  throw new PackFileError('FOLDER_UNREADABLE', `${quote(dir)} is not a folder. Give the path of the pack folder (the one that holds pack.json).`, dir);
}

interface Walk {
  dir: string; // as the caller named it, for messages
  kept: PackPathSet;
  found: FoundFile[];
  limits: PackLimits;
  total: number; // sizes seen so far, to refuse a too-large pack before reading it
}

async function walk(absoluteDir: string, relativeDir: string, state: Walk): Promise<void> {
  let entries;
  try {
    entries = await readdir(absoluteDir, { withFileTypes: true });
  } catch (error) {
    throw relativeDir === '' ? unreadable(state.dir, error, 'The pack folder') : unreadable(relativeDir, error, 'The folder');
  }
  // Sorted so the files (and any error) come out the same on every file system.
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const raw = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
    const path = normalisePackPath(raw) ?? raw;
    const absolute = nodePath.join(absoluteDir, entry.name);
    if (entry.isSymbolicLink()) {
      throw new PackFileError('ZIP_SYMLINK', `The pack contains ${quote(raw)}, which is a symbolic link. Packs may only contain ordinary files and folders: replace the link with what it points to.`, raw);
    }
    // Junk folders are not entered, so nothing inside them is read or checked.
    if (isJunkPath(path)) continue;
    if (entry.isDirectory()) {
      await walk(absolute, raw, state);
    } else if (entry.isFile()) {
      state.kept.add(path);
      const { size } = await lstatOrThrow(absolute, raw);
      if (size > state.limits.maxFileBytes) throw fileTooLarge(path, size, state.limits);
      state.total += size;
      if (state.total > state.limits.maxTotalBytes) throw packTooLarge(path, state.limits);
      state.found.push({ path, absolute });
    } else {
      throw new PackFileError('FOLDER_UNREADABLE', `The pack contains ${quote(raw)}, which is not an ordinary file (it is a device, pipe or socket). Remove it from the pack folder.`, raw);
    }
  }
}

async function lstatOrThrow(absolute: string, raw: string) {
  try {
    return await lstat(absolute);
  } catch (error) {
    throw unreadable(raw, error, 'The file');
  }
}

/**
 * Reads one file, refusing a link or special file swapped in since the walk (O_NOFOLLOW,
 * then fstat) and stopping at the limits even if the file grew since it was measured.
 */
async function readRegularFile(absolute: string, path: string, limits: PackLimits, totalBefore: number): Promise<Uint8Array> {
  // O_NONBLOCK so that opening a pipe returns at once instead of waiting for a writer.
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  let handle;
  try {
    handle = await open(absolute, flags);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new PackFileError('ZIP_SYMLINK', `The pack contains ${quote(path)}, which is a symbolic link. Packs may only contain ordinary files: replace the link with the file it points to.`, path);
    }
    throw unreadable(path, error, 'The file');
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      throw new PackFileError('FOLDER_UNREADABLE', `The pack contains ${quote(path)}, which is not an ordinary file. Remove it from the pack folder.`, path);
    }
    // Read up to one byte past what the limits allow, to tell "at the limit" from "over it".
    const allowed = Math.min(limits.maxFileBytes, limits.maxTotalBytes - totalBefore);
    const buffer = new Uint8Array(Math.min(info.size, allowed) + 1);
    let length = 0;
    while (length < buffer.byteLength) {
      const { bytesRead } = await handle.read(buffer, length, buffer.byteLength - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > limits.maxFileBytes) throw fileTooLarge(path, length, limits);
    if (length > allowed) throw packTooLarge(path, limits);
    // A file that grew between measuring and reading is cut at its measured size plus one
    // byte; refuse it rather than keep a torn copy.
    if (length > info.size) throw unreadable(path, new Error('it changed while it was being read'), 'The file');
    return buffer.slice(0, length);
  } catch (error) {
    if (error instanceof PackFileError) throw error;
    throw unreadable(path, error, 'The file');
  } finally {
    await handle.close();
  }
}

function unreadable(name: string, error: unknown, what: string): PackFileError {
  const detail = error instanceof Error ? error.message : String(error);
  return new PackFileError('FOLDER_UNREADABLE', `${what} ${quote(name)} cannot be read (${detail}). Check that it exists and that the hub may read it.`, name);
}
