// The in-memory form of a content pack, its size limits, and the rules both readers
// (zip and folder) share: which names are safe, which are OS junk, where the pack root is.
// Invariant: every key of a PackFiles is a normalised relative POSIX path (NFC, "/"-separated,
// no "", "." or ".." segments, no backslash or control character). Readers refuse anything
// else with a PackFileError; they never repair a hostile name or return part of a pack.

/** A pack in memory: normalised relative POSIX paths (e.g. "pack.json", "courses/x/course.md", "media/a.png") → bytes. */
export type PackFiles = Map<string, Uint8Array>;

export interface PackLimits {
  /** Files kept in the pack (directories and skipped junk do not count). */
  maxFiles: number;
  /** Bytes of one file once unpacked. */
  maxFileBytes: number;
  /** Bytes of the whole pack once unpacked. */
  maxTotalBytes: number;
  /** Unpacked/packed size of one zip entry, checked only for entries over RATIO_CHECK_MIN_BYTES. */
  maxCompressionRatio: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export const DEFAULT_PACK_LIMITS: PackLimits = Object.freeze({
  maxFiles: 5000,
  maxFileBytes: 200 * MiB, // a lesson video
  maxTotalBytes: 1 * GiB,
  // Real pack content stays far below 100:1 — Markdown and YAML deflate about 3-5:1, and
  // PNG, JPEG, MP3 and MP4 are already compressed (about 1:1). Deflate's ceiling is about
  // 1032:1, which only long runs of one byte reach: that is what a zip bomb is made of.
  maxCompressionRatio: 100,
});

/**
 * Entries smaller than this unpacked skip the ratio check: a 20 KiB SVG or a blank
 * template may well deflate 200:1, and so small a file cannot fill a disk. The absolute
 * limits above still bound the total, so the ratio check only needs to catch the big ones.
 */
export const RATIO_CHECK_MIN_BYTES = 1 * MiB;

export type PackFileErrorCode =
  | 'ZIP_INVALID'
  | 'ZIP_UNSAFE_PATH'
  | 'ZIP_SYMLINK'
  | 'ZIP_TOO_LARGE'
  | 'ZIP_BOMB'
  | 'FILE_TOO_LARGE'
  | 'TOO_MANY_FILES'
  | 'PACK_ROOT_AMBIGUOUS'
  | 'FOLDER_UNREADABLE';

export class PackFileError extends Error {
  constructor(
    readonly code: PackFileErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'PackFileError';
  }
}

/** The defaults with the caller's overrides; an override must be a positive number. */
export function resolveLimits(overrides: Partial<PackLimits> = {}): PackLimits {
  const limits = { ...DEFAULT_PACK_LIMITS };
  for (const key of Object.keys(limits) as (keyof PackLimits)[]) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value > 0)) throw new RangeError(`Pack limit ${key} must be a positive number, not ${String(value)}.`);
    limits[key] = value;
  }
  return limits;
}

/** A name as it appears in messages: quoted, with control characters made visible. */
export function quote(name: string): string {
  // JSON escapes C0 controls; DEL and C1 controls are escaped by hand.
  return JSON.stringify(name).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function formatBytes(bytes: number): string {
  if (bytes >= GiB) return `${+(bytes / GiB).toFixed(1)} GiB`;
  if (bytes >= MiB) return `${+(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= KiB) return `${+(bytes / KiB).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

// C0 controls, DEL and C1 controls: invisible in a file manager, and NUL truncates names in C APIs.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The normalised pack path of a raw entry name, or null for a directory ("x/" or empty).
 * Throws ZIP_UNSAFE_PATH for a name that could land outside the pack or is not portable.
 * Empty and "." segments are dropped ("./a//b" is "a/b"); names become NFC so a macOS
 * zip (NFD) matches the links in the lessons, and so two spellings of "é" collide.
 */
export function normalisePackPath(raw: string): string | null {
  const unsafe = (why: string) => new PackFileError('ZIP_UNSAFE_PATH', `The pack contains ${quote(raw)}, ${why}`, raw);
  if (CONTROL_CHARACTER.test(raw)) {
    throw unsafe('whose name contains invisible control characters. Rename it using ordinary letters, digits, "-" and "_".');
  }
  if (raw.startsWith('/') || raw.startsWith('\\') || /^[a-zA-Z]:/.test(raw)) {
    throw unsafe('which is an absolute path. Packs may only contain files inside their own folder, named relative to it.');
  }
  if (raw.includes('\\')) {
    throw unsafe('whose name contains a backslash (\\). Folders in a pack are separated by "/": make the zip again with a standard zip tool, or rename the file.');
  }
  const segments = raw.split('/');
  if (segments.includes('..')) {
    throw unsafe('which points outside the pack folder. Packs may only contain files inside their own folder.');
  }
  const kept = segments.filter((segment) => segment !== '' && segment !== '.');
  if (kept.length === 0 || raw.endsWith('/')) return null;
  return kept.join('/').normalize('NFC');
}

// Written by operating systems, never by an author: skipped silently. Names starting with
// "." (".DS_Store", "._x" resource forks, ".git/", editor swap files) are skipped too, so a
// pack cannot carry hidden files that a teacher browsing the folder would not see.
const JUNK_NAMES = new Set(['__macosx', 'thumbs.db', 'desktop.ini']);

export function isJunkPath(path: string): boolean {
  return path.split('/').some((segment) => segment.startsWith('.') || JUNK_NAMES.has(segment.toLowerCase()));
}

/** Tracks the kept files of one read; refuses duplicates, a file/folder clash and too many files. */
export class PackPathSet {
  readonly #paths = new Set<string>();
  readonly #folders = new Set<string>();

  constructor(readonly limits: PackLimits) {}

  add(path: string): void {
    if (this.#paths.has(path)) {
      throw new PackFileError('ZIP_UNSAFE_PATH', `The pack contains ${quote(path)} more than once (perhaps spelled two ways that look the same). Keep one copy and make the pack again.`, path);
    }
    // A name cannot be both a file and a folder once unpacked to disk.
    const segments = path.split('/');
    const folders = segments.slice(0, -1).map((_, i) => segments.slice(0, i + 1).join('/'));
    const clash = this.#folders.has(path) ? path : folders.find((folder) => this.#paths.has(folder));
    if (clash !== undefined) {
      throw new PackFileError('ZIP_UNSAFE_PATH', `The pack contains ${quote(clash)} both as a file and as a folder. Rename one of them.`, path);
    }
    for (const folder of folders) this.#folders.add(folder);
    this.#paths.add(path);
    if (this.#paths.size > this.limits.maxFiles) {
      throw new PackFileError('TOO_MANY_FILES', `The pack has more than ${this.limits.maxFiles} files (the limit was reached at ${quote(path)}). Split it into several packs.`, path);
    }
  }

  get paths(): string[] {
    return [...this.#paths];
  }
}

export function fileTooLarge(path: string, bytes: number, limits: PackLimits): PackFileError {
  return new PackFileError('FILE_TOO_LARGE', `The file ${quote(path)} is ${formatBytes(bytes)}; a file in a pack may be at most ${formatBytes(limits.maxFileBytes)}. Make it smaller (a video at a lower resolution, an image at a smaller size) or leave it out.`, path);
}

export function packTooLarge(path: string, limits: PackLimits): PackFileError {
  return new PackFileError('ZIP_TOO_LARGE', `The pack holds more than ${formatBytes(limits.maxTotalBytes)} once unpacked (the limit was reached at ${quote(path)}). Split it into several packs or make its media smaller.`, path);
}

/**
 * The folder prefix ("" or "my-pack/") to strip so paths start at the pack root:
 * - pack.json at the top: the top is the root;
 * - every file under one top folder (the zip of a pack folder): that folder is the root;
 * - several top folders with a pack.json, or one with a pack.json beside other top-level
 *   files: PACK_ROOT_AMBIGUOUS, since any choice would silently drop files;
 * - otherwise paths stay as they are and the validator reports the missing manifest.
 */
export function packRootPrefix(paths: readonly string[]): string {
  const all = new Set(paths);
  if (all.has('pack.json')) return '';
  const tops = new Set(paths.map((path) => (path.includes('/') ? path.slice(0, path.indexOf('/')) : '')));
  const manifestFolders = [...tops].filter((top) => top !== '' && all.has(`${top}/pack.json`)).sort();
  if (manifestFolders.length > 1) {
    const listed = manifestFolders.map((folder) => quote(`${folder}/`)).join(', ');
    throw new PackFileError('PACK_ROOT_AMBIGUOUS', `The pack has a pack.json in several folders (${listed}), so it is not clear which one is the pack. Put each pack in its own zip or folder.`);
  }
  const [onlyTop] = tops;
  if (tops.size === 1 && onlyTop !== undefined && onlyTop !== '') return `${onlyTop}/`;
  const [manifestFolder] = manifestFolders;
  if (manifestFolder !== undefined) {
    const outside = paths.filter((path) => !path.startsWith(`${manifestFolder}/`)).sort().slice(0, 3).map(quote).join(', ');
    throw new PackFileError('PACK_ROOT_AMBIGUOUS', `The pack folder ${quote(`${manifestFolder}/`)} has a pack.json, but there are also files outside it (${outside}). Move them into the pack folder or leave them out.`, manifestFolder);
  }
  return '';
}
