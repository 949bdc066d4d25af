// Hostile zips are built for real: with yazl where it can express the case, by hand (a small
// zip writer below) where a well-behaved writer refuses to: "../" names, absolute names,
// symlink attributes, lying sizes, bad checksums, encryption flags.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import nodePath from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { PackFileError, RATIO_CHECK_MIN_BYTES, type PackFileErrorCode } from './files.ts';
import { readPackZip } from './read-zip.ts';

// With TypeScript 6 and @types/node 20 a Buffer is not assignable to Uint8Array, so the
// helpers below hand out plain Uint8Array views.
const view = (buffer: Buffer): Uint8Array => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const filled = (length: number, byte = 0): Uint8Array => new Uint8Array(length).fill(byte);

function join(parts: Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.byteLength;
  }
  return joined;
}

interface RawEntry {
  name: string | Uint8Array;
  data?: Uint8Array;
  method?: number; // 0 stored, 8 deflated, anything else written as stored bytes
  declaredSize?: number; // uncompressed size written in the headers
  crc?: number;
  flags?: number;
  externalAttributes?: number;
  extra?: Uint8Array;
}

/** A minimal zip writer that writes whatever it is told to, lies included. */
function rawZip(entries: RawEntry[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = typeof entry.name === 'string' ? utf8(entry.name) : entry.name;
    const data = entry.data ?? new Uint8Array(0);
    const method = entry.method ?? 0;
    const payload = method === 8 ? view(zlib.deflateRawSync(data)) : data;
    const crc = entry.crc ?? zlib.crc32(data);
    const size = entry.declaredSize ?? data.length;
    const flags = entry.flags ?? 0x800; // UTF-8 names
    const extra = entry.extra ?? new Uint8Array(0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x2821, 12); // 2000-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(payload.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0x2821, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(payload.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(entry.externalAttributes ?? (0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    const localRecord = join([view(local), name, extra, payload]);
    locals.push(localRecord);
    centrals.push(join([view(central), name, extra]));
    offset += localRecord.byteLength;
  }
  const directory = join(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  return join([...locals, directory, view(end)]);
}

async function yazlZip(files: Record<string, string | Uint8Array>): Promise<Uint8Array> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of Object.entries(files)) {
    if (name.endsWith('/')) zip.addEmptyDirectory(name);
    else zip.addBuffer(Buffer.from(typeof data === 'string' ? utf8(data) : data), name);
  }
  zip.end();
  const chunks: Uint8Array[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(view(chunk));
  return join(chunks);
}

async function refusal(promise: Promise<unknown>, code: PackFileErrorCode): Promise<PackFileError> {
  const error = await promise.then(
    () => expect.unreachable('the zip should have been refused'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PackFileError);
  expect((error as PackFileError).code).toBe(code);
  return error as PackFileError;
}

const text = (files: Map<string, Uint8Array>) => Object.fromEntries([...files].map(([path, bytes]) => [path, new TextDecoder().decode(bytes)]));
const PACK = { 'pack.json': '{"format":1}', 'courses/c/course.md': '# Course' };

describe('readPackZip reads', () => {
  let dir: string;
  beforeAll(async () => { dir = await mkdtemp(nodePath.join(os.tmpdir(), 'darasa-read-zip-')); });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('every file of a zip, from bytes and from a path on disk', async () => {
    const zip = await yazlZip({ ...PACK, 'media/a.bin': Uint8Array.from([0, 1, 2, 255]) });
    const fromBytes = await readPackZip(zip);
    expect(text(fromBytes)).toMatchObject(PACK);
    expect([...fromBytes.get('media/a.bin')!]).toEqual([0, 1, 2, 255]);
    const file = nodePath.join(dir, 'pack.zip');
    await writeFile(file, zip);
    expect(await readPackZip(file)).toEqual(fromBytes);
  });

  it('stored and deflated entries, empty files, and normalises "./", "//" and NFD names', async () => {
    const zip = rawZip([
      { name: './pack.json', data: utf8('{}') },
      { name: 'courses//c/course.md', data: utf8('# C'.repeat(100)), method: 8 },
      { name: 'courses/c/lessons/lec\u0327on-1.md', data: utf8('é') },
      { name: 'media/empty.txt' },
    ]);
    const files = await readPackZip(zip);
    expect([...files.keys()]).toEqual(['pack.json', 'courses/c/course.md', 'courses/c/lessons/le\u00e7on-1.md', 'media/empty.txt']);
    expect(files.get('media/empty.txt')!.byteLength).toBe(0);
  });

  it('skips directory entries and OS junk (__MACOSX, .DS_Store, Thumbs.db, desktop.ini, dot-folders)', async () => {
    const zip = await yazlZip({
      ...PACK,
      'courses/': '',
      '__MACOSX/._pack.json': 'x',
      '.DS_Store': 'x',
      'courses/c/.DS_Store': 'x',
      'media/Thumbs.db': 'x',
      'media/desktop.ini': 'x',
      '.git/config': 'x',
    });
    expect(Object.keys(text(await readPackZip(zip))).sort()).toEqual(['courses/c/course.md', 'pack.json']);
  });

  it('strips the one top folder of a zipped pack folder, macOS shadows included', async () => {
    const zip = await yazlZip({
      'my-pack/': '',
      'my-pack/pack.json': '{}',
      'my-pack/courses/c/course.md': '# C',
      '__MACOSX/my-pack/._pack.json': 'x',
    });
    expect(Object.keys(text(await readPackZip(zip))).sort()).toEqual(['courses/c/course.md', 'pack.json']);
  });

  it('keeps paths when pack.json is at the top, or when no folder has one', async () => {
    const top = await readPackZip(await yazlZip({ 'pack.json': '{}', 'extra/pack.json': '{}' }));
    expect([...top.keys()].sort()).toEqual(['extra/pack.json', 'pack.json']);
    const none = await readPackZip(await yazlZip({ 'a/course.md': '', 'b/course.md': '' }));
    expect([...none.keys()].sort()).toEqual(['a/course.md', 'b/course.md']);
  });
});

describe('readPackZip refuses', () => {
  it.each([
    ['../../etc/passwd', 'points outside the pack folder'],
    ['media/../../outside.txt', 'points outside the pack folder'],
    ['/etc/passwd', 'absolute path'],
    ['C:\\Windows\\system.ini', 'absolute path'],
    ['C:/Windows/system.ini', 'absolute path'],
    ['\\\\server\\share\\lesson.md', 'absolute path'],
    ['courses\\c\\course.md', 'backslash'],
    ['media/a\u0000b.png', 'control characters'],
    ['media/bell\u0007.png', 'control characters'],
  ])('an entry named %j (%s), naming it', async (name, why) => {
    const zip = rawZip([{ name: 'pack.json', data: utf8('{}') }, { name, data: utf8('x') }]);
    const error = await refusal(readPackZip(zip), 'ZIP_UNSAFE_PATH');
    expect(error.path).toBe(name);
    expect(error.message).toContain(JSON.stringify(name));
    expect(error.message).toContain(why);
  });

  it('a "../" name hidden in an Info-ZIP Unicode Path field behind a harmless name', async () => {
    const raw = utf8('harmless.md');
    const unicode = utf8('../evil.md');
    const field = Buffer.alloc(9);
    field.writeUInt16LE(0x7075, 0);
    field.writeUInt16LE(5 + unicode.length, 2);
    field.writeUInt8(1, 4);
    field.writeUInt32LE(zlib.crc32(raw), 5);
    const error = await refusal(readPackZip(rawZip([{ name: raw, flags: 0, extra: join([view(field), unicode]), data: utf8('x') }])), 'ZIP_UNSAFE_PATH');
    expect(error.message).toContain('"../evil.md"');
  });

  it('a symbolic link entry', async () => {
    const zip = rawZip([{ name: 'pack.json', data: utf8('{}') }, { name: 'media/link.png', data: utf8('/etc/passwd'), externalAttributes: (0o120777 << 16) >>> 0 }]);
    const error = await refusal(readPackZip(zip), 'ZIP_SYMLINK');
    expect(error.message).toContain('"media/link.png"');
  });

  it('the same name twice, also when spelled NFC and NFD, and a name used as file and folder', async () => {
    const twice = await refusal(readPackZip(rawZip([{ name: 'pack.json' }, { name: 'pack.json' }])), 'ZIP_UNSAFE_PATH');
    expect(twice.message).toContain('"pack.json" more than once');
    const spellings = await refusal(readPackZip(rawZip([{ name: 'le\u00e7on.md' }, { name: 'lec\u0327on.md' }])), 'ZIP_UNSAFE_PATH');
    expect(spellings.message).toContain('le\u00e7on.md');
    for (const order of [['media', 'media/a.png'], ['media/a.png', 'media']]) {
      const clash = await refusal(readPackZip(rawZip(order.map((name) => ({ name })))), 'ZIP_UNSAFE_PATH');
      expect(clash.message).toContain('"media" both as a file and as a folder');
    }
  });

  it('an encrypted entry', async () => {
    const error = await refusal(readPackZip(rawZip([{ name: 'secret.md', data: filled(20), flags: 0x801, declaredSize: 8 }])), 'ZIP_INVALID');
    expect(error.message).toContain('"secret.md"');
    expect(error.message).toContain('password');
  });

  it('an entry with a compression method other than stored or deflate', async () => {
    const error = await refusal(readPackZip(rawZip([{ name: 'a.md', data: utf8('x'), method: 14 }])), 'ZIP_INVALID');
    expect(error.message).toContain('"a.md"');
  });

  it('an entry that inflates to more than its declared size, while streaming', async () => {
    const data = filled(256 * 1024, 97);
    const error = await refusal(readPackZip(rawZip([{ name: 'media/small.txt', data, method: 8, declaredSize: 100 }])), 'ZIP_BOMB');
    expect(error.message).toContain('"media/small.txt" holds more data than the zip declares');
  });

  it('an entry shorter than its declared size, or with a wrong checksum', async () => {
    const short = await refusal(readPackZip(rawZip([{ name: 'a.md', data: utf8('hello'), method: 8, declaredSize: 50 }])), 'ZIP_INVALID');
    expect(short.message).toContain('"a.md"');
    const crc = await refusal(readPackZip(rawZip([{ name: 'b.md', data: utf8('hello'), crc: 1234 }])), 'ZIP_INVALID');
    expect(crc.message).toContain('"b.md"');
    expect(crc.message).toContain('CRC-32');
  });

  it('a zip bomb: many MiB of zeros deflated, before inflating it', async () => {
    const zip = await yazlZip({ 'pack.json': '{}', 'media/zeros.bin': filled(16 * 1024 * 1024) });
    expect(zip.byteLength).toBeLessThan(64 * 1024); // ~1000:1
    const error = await refusal(readPackZip(zip), 'ZIP_BOMB');
    expect(error.path).toBe('media/zeros.bin');
    expect(error.message).toContain('"media/zeros.bin" would unpack from');
  });

  it('nothing for a high ratio in a small file, which cannot fill a disk', async () => {
    const files = await readPackZip(await yazlZip({ 'pack.json': '{}', 'media/blank.svg': filled(RATIO_CHECK_MIN_BYTES / 2) }));
    expect(files.get('media/blank.svg')!.byteLength).toBe(RATIO_CHECK_MIN_BYTES / 2);
  });

  it('a file over maxFileBytes, a pack over maxTotalBytes, and more than maxFiles files', async () => {
    const big = await refusal(readPackZip(await yazlZip({ 'media/big.png': filled(2000, 1) }), { maxFileBytes: 1000 }), 'FILE_TOO_LARGE');
    expect(big.message).toContain('"media/big.png" is 2 KiB');
    const three = await yazlZip({ 'a.md': 'x'.repeat(60), 'b.md': 'x'.repeat(60), 'c.md': 'x'.repeat(60) });
    const total = await refusal(readPackZip(three, { maxTotalBytes: 100 }), 'ZIP_TOO_LARGE');
    expect(total.message).toContain('"b.md"');
    const many = await refusal(readPackZip(three, { maxFiles: 2 }), 'TOO_MANY_FILES');
    expect(many.message).toContain('"c.md"');
    // The same zip passes with the default limits: the overrides did the refusing.
    expect((await readPackZip(three)).size).toBe(3);
  });

  it('a central directory listing far more entries than a pack may hold, before walking it', async () => {
    const junk = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`__MACOSX/._${i}`, 'x']));
    const error = await refusal(readPackZip(await yazlZip(junk), { maxFiles: 3 }), 'TOO_MANY_FILES');
    expect(error.message).toContain('10 entries');
  });

  it('data that is not a zip, an empty file, a truncated zip, a damaged entry and a missing file', async () => {
    await refusal(readPackZip(new TextEncoder().encode('<html>not a zip</html>')), 'ZIP_INVALID');
    await refusal(readPackZip(new Uint8Array(0)), 'ZIP_INVALID');
    const zip = await yazlZip({ ...PACK, 'media/noise.bin': view(zlib.deflateRawSync(filled(50_000, 7))) });
    await refusal(readPackZip(zip.subarray(0, zip.byteLength >> 1)), 'ZIP_INVALID');
    const damaged = rawZip([{ name: 'a.md', data: utf8('some text that deflates '.repeat(50)), method: 8 }]);
    damaged.fill(0xff, 40, 60); // inside the deflate stream, headers intact
    const entry = await refusal(readPackZip(damaged), 'ZIP_INVALID');
    expect(entry.message).toContain('"a.md"');
    const missing = await refusal(readPackZip(nodePath.join(os.tmpdir(), 'darasa-no-such-pack.zip')), 'ZIP_INVALID');
    expect(missing.message).toContain('darasa-no-such-pack.zip');
  });

  it('a pack.json in several top folders, or beside files outside its folder', async () => {
    const two = await refusal(readPackZip(await yazlZip({ 'a/pack.json': '{}', 'b/pack.json': '{}' })), 'PACK_ROOT_AMBIGUOUS');
    expect(two.message).toContain('"a/", "b/"');
    const stray = await refusal(readPackZip(await yazlZip({ 'my-pack/pack.json': '{}', 'notes.txt': 'x' })), 'PACK_ROOT_AMBIGUOUS');
    expect(stray.message).toContain('"notes.txt"');
  });
});
