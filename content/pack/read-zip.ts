// Reads a content pack from a .zip (bytes or a path) into memory, treating the zip as hostile:
// the whole central directory is checked (names, symlinks, encryption, declared sizes and
// ratios, duplicates, pack root) before any entry is inflated, then each entry is inflated
// while counting the bytes it really produces. Any problem throws a PackFileError; nothing
// is ever returned in part.
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import {
  PackFileError,
  PackPathSet,
  RATIO_CHECK_MIN_BYTES,
  fileTooLarge,
  formatBytes,
  isJunkPath,
  normalisePackPath,
  packRootPrefix,
  packTooLarge,
  quote,
  resolveLimits,
  type PackFiles,
  type PackLimits,
} from './files.ts';

// We do the size checks ourselves instead of yauzl's validateEntrySizes so a refusal carries
// our code and names the entry; strictFileNames keeps backslashes for us to refuse (yauzl
// would silently turn them into "/"); decodeStrings:false lets us decode and judge each name.
const OPEN_OPTIONS: yauzl.Options = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false, strictFileNames: true };

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
const STORED = 0;
const DEFLATED = 8;

interface PlannedEntry {
  entry: yauzl.Entry;
  path: string;
}

export async function readPackZip(zip: Uint8Array | string, limits?: Partial<PackLimits>): Promise<PackFiles> {
  const resolved = resolveLimits(limits);
  const zipfile = await openZip(zip);
  try {
    const planned = await planEntries(zipfile, resolved);
    const prefix = packRootPrefix(planned.map(({ path }) => path));
    const files: PackFiles = new Map();
    let total = 0;
    for (const { entry, path } of planned) {
      const bytes = await inflateEntry(zipfile, entry, path, resolved, total);
      total += bytes.byteLength;
      files.set(path.slice(prefix.length), bytes);
    }
    return files;
  } finally {
    zipfile.close();
  }
}

async function openZip(zip: Uint8Array | string): Promise<yauzl.ZipFile> {
  try {
    if (typeof zip === 'string') return await yauzl.openPromise(zip, OPEN_OPTIONS);
    return await yauzl.fromBufferPromise(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength), OPEN_OPTIONS);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof zip === 'string' && code !== undefined) {
      throw new PackFileError('ZIP_INVALID', `The file ${quote(zip)} cannot be opened (${detail}). Check that the path is right and the file is readable.`);
    }
    const named = typeof zip === 'string' ? `The file ${quote(zip)} is` : 'This file is';
    throw new PackFileError('ZIP_INVALID', `${named} not a zip archive, or it is damaged or incomplete (${detail}). Copy it again, or make the zip again from the pack folder.`);
  }
}

/** Every entry checked from its central directory record; the kept ones, in zip order. */
async function planEntries(zipfile: yauzl.ZipFile, limits: PackLimits): Promise<PlannedEntry[]> {
  // Folders and macOS "__MACOSX/._x" shadows can double a genuine pack's entry count; past
  // three times the file limit it cannot be a pack, and we refuse before walking a central
  // directory that may list millions of entries.
  if (zipfile.entryCount > limits.maxFiles * 3) {
    throw new PackFileError('TOO_MANY_FILES', `The zip lists ${zipfile.entryCount} entries; a pack may hold at most ${limits.maxFiles} files. Split it into several packs.`);
  }
  const kept = new PackPathSet(limits);
  const planned: PlannedEntry[] = [];
  let declaredTotal = 0;
  try {
    for await (const entry of zipfile.eachEntry()) {
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
      const path = normalisePackPath(name);
      const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
      if (mode === S_IFLNK) {
        throw new PackFileError('ZIP_SYMLINK', `The pack contains ${quote(name)}, which is a symbolic link. Packs may only contain ordinary files: replace the link with the file it points to.`, name);
      }
      if (path === null || mode === S_IFDIR || isJunkPath(path)) continue;
      checkEntryFormat(entry, path);
      kept.add(path);
      if (entry.uncompressedSize > limits.maxFileBytes) throw fileTooLarge(path, entry.uncompressedSize, limits);
      declaredTotal += entry.uncompressedSize;
      if (declaredTotal > limits.maxTotalBytes) throw packTooLarge(path, limits);
      checkRatio(path, entry.uncompressedSize, entry.compressedSize, limits);
      planned.push({ entry, path });
    }
  } catch (error) {
    if (error instanceof PackFileError) throw error;
    throw damaged(undefined, error);
  }
  return planned;
}

function checkEntryFormat(entry: yauzl.Entry, path: string): void {
  if (entry.isEncrypted()) {
    throw new PackFileError('ZIP_INVALID', `The file ${quote(path)} in the zip is protected by a password. Make the zip again without a password.`, path);
  }
  if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
    throw new PackFileError('ZIP_INVALID', `The file ${quote(path)} in the zip uses a compression method Darasa cannot read (method ${entry.compressionMethod}). Make the zip again with the standard "Deflate" compression.`, path);
  }
  if (entry.compressionMethod === STORED && entry.compressedSize !== entry.uncompressedSize) {
    throw damaged(path, `stored with ${entry.compressedSize} bytes but declared as ${entry.uncompressedSize}`);
  }
}

function checkRatio(path: string, unpacked: number, packed: number, limits: PackLimits): void {
  if (unpacked <= RATIO_CHECK_MIN_BYTES) return;
  const ratio = unpacked / Math.max(packed, 1);
  if (ratio <= limits.maxCompressionRatio) return;
  throw new PackFileError(
    'ZIP_BOMB',
    `The file ${quote(path)} would unpack from ${formatBytes(packed)} to ${formatBytes(unpacked)} (${Math.round(ratio)} times larger). ` +
      `Zips like this are used to fill a disk ("zip bombs"), so Darasa refuses them. If the file is genuine, leave it out or make the zip without compression.`,
    path,
  );
}

/** The entry's bytes, held to its declared size (already within every limit) and its CRC-32. */
async function inflateEntry(zipfile: yauzl.ZipFile, entry: yauzl.Entry, path: string, limits: PackLimits, totalBefore: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let length = 0;
  let crc = 0;
  try {
    const stream = await zipfile.openReadStreamPromise(entry);
    // for-await destroys the stream when we throw, which stops the inflater at once.
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      length += chunk.length;
      // A zip that lies about its size is how bombs get past checks on declared sizes.
      if (length > entry.uncompressedSize) {
        throw new PackFileError('ZIP_BOMB', `The file ${quote(path)} holds more data than the zip declares for it (${formatBytes(entry.uncompressedSize)}). The zip has been tampered with or is damaged, so Darasa refuses it. Make the zip again from the pack folder.`, path);
      }
      // Implied by the line above and the checks on declared sizes; kept so the limits hold
      // even if those checks change.
      if (length > limits.maxFileBytes) throw fileTooLarge(path, length, limits);
      if (totalBefore + length > limits.maxTotalBytes) throw packTooLarge(path, limits);
      chunks.push(chunk);
      crc = zlib.crc32(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength), crc);
    }
  } catch (error) {
    if (error instanceof PackFileError) throw error;
    throw damaged(path, error);
  }
  if (length !== entry.uncompressedSize) throw damaged(path, `${length} bytes instead of the ${entry.uncompressedSize} declared`);
  if (crc !== entry.crc32) throw damaged(path, 'its checksum (CRC-32) does not match');
  // A fresh Uint8Array, not Buffer.concat: small Buffers share a pool, and a consumer
  // reading `.buffer` must see this file only.
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

function damaged(path: string | undefined, cause: unknown): PackFileError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  const what = path === undefined ? 'The zip is' : `The file ${quote(path)} in the zip is`;
  return new PackFileError('ZIP_INVALID', `${what} damaged or incomplete (${detail}). Copy the zip again, or make it again from the pack folder.`, path);
}
