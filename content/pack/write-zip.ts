// Writes a pack to a .zip. The bytes depend only on the files: entries sorted by name, one
// fixed date, fixed permissions and compression settings, no extended timestamps — so two
// exports of the same pack compare equal (with the same zlib). A file on disk is written to a
// temporary file, flushed, then renamed, so a power cut never leaves a half-written pack.
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import nodePath from 'node:path';
import yazl from 'yazl';
import { PackFileError, normalisePackPath, quote, type PackFiles } from './files.ts';

// DOS timestamps carry no time zone and yazl encodes the local fields of a Date, so a local
// midnight reads as 2000-01-01 00:00 on every machine. forceDosTimestamp below drops the
// UTC "extended timestamp", which would differ between time zones.
const FIXED_MTIME = new Date(2000, 0, 1);
const REGULAR_FILE_644 = 0o100644;
const DEFLATE_LEVEL = 6; // zlib's default: a good size/speed balance on the hub's CPU

// Formats that are compressed already: deflating them again saves ~nothing and costs seconds
// per video on the hub, so they are stored. Everything else (Markdown, YAML, JSON, SVG) is deflated.
const STORED_EXTENSIONS = new Set([
  '.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif',
  '.mp3', '.m4a', '.aac', '.ogg', '.oga', '.opus',
  '.mp4', '.m4v', '.webm', '.ogv', '.zip', '.woff', '.woff2',
]);

export async function writePackZip(files: PackFiles): Promise<Uint8Array> {
  const zip = buildZip(files);
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

export async function writePackZipFile(files: PackFiles, outPath: string): Promise<void> {
  const zip = buildZip(files);
  // Same folder as the target, so the rename stays on one file system and is atomic.
  const temporary = nodePath.join(nodePath.dirname(outPath), `.${nodePath.basename(outPath)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx', 0o644);
  try {
    // Plain writes rather than a write stream: we keep the handle open to fsync it.
    for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) await handle.write(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    await handle.sync();
    await handle.close();
    await rename(temporary, outPath);
  } catch (error) {
    await handle.close().catch(() => {}); // already closed if only the rename failed
    await unlink(temporary).catch(() => {});
    throw error;
  }
}

function buildZip(files: PackFiles): yazl.ZipFile {
  const zip = new yazl.ZipFile();
  for (const path of [...files.keys()].sort()) {
    // Writing is held to the reading rules, so Darasa never exports a pack it would refuse.
    if (normalisePackPath(path) !== path) {
      throw new PackFileError('ZIP_UNSAFE_PATH', `The pack cannot be written: ${quote(path)} is not a normalised path inside the pack.`, path);
    }
    const bytes = files.get(path)!;
    const stored = STORED_EXTENSIONS.has(nodePath.posix.extname(path).toLowerCase());
    zip.addBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), path, {
      mtime: FIXED_MTIME,
      mode: REGULAR_FILE_644,
      forceDosTimestamp: true,
      compressionLevel: stored ? 0 : DEFLATE_LEVEL,
    });
  }
  zip.end();
  return zip;
}
