// Exports must read back exactly, be byte-for-byte reproducible, and land on disk atomically.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import nodePath from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { PackFileError, type PackFiles } from './files.ts';
import { readPackZip } from './read-zip.ts';
import { writePackZip, writePackZipFile } from './write-zip.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

function samplePack(): PackFiles {
  const png = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256); // every byte value
  return new Map([
    ['pack.json', utf8('{"format":1,"id":"sample"}')],
    ['courses/c/course.md', utf8('---\nid: c\n---\nIntro '.repeat(20))],
    ['courses/c/lessons/le\u00e7on-1.md', utf8('# Le\u00e7on 1\n\nBonjour \u00e0 tous.')],
    ['courses/c/lessons/somo-la-kwanza.md', utf8('')],
    ['media/keyboard.png', png],
  ]);
}

interface EntryInfo {
  name: string;
  compressionMethod: number;
  mode: number;
  date: Date;
}

async function listEntries(zip: Uint8Array): Promise<EntryInfo[]> {
  const zipfile = await yauzl.fromBufferPromise(Buffer.from(zip), { lazyEntries: true });
  const entries: EntryInfo[] = [];
  for await (const entry of zipfile.eachEntry()) {
    entries.push({
      name: entry.fileName,
      compressionMethod: entry.compressionMethod,
      mode: entry.externalFileAttributes >>> 16,
      date: entry.getLastModDate({ timezone: 'UTC' }),
    });
  }
  return entries;
}

describe('writePackZip', () => {
  it('writes a zip that readPackZip reads back equal, binary media and UTF-8 names included', async () => {
    const files = samplePack();
    const back = await readPackZip(await writePackZip(files));
    expect(new Set(back.keys())).toEqual(new Set(files.keys()));
    for (const [path, bytes] of files) expect(back.get(path)).toEqual(bytes);
  });

  it('writes the same bytes for the same files, whatever their order in the map', async () => {
    const files = samplePack();
    const reversed: PackFiles = new Map([...files].reverse());
    const first = await writePackZip(files);
    expect(await writePackZip(files)).toEqual(first);
    expect(await writePackZip(reversed)).toEqual(first);
  });

  it('sorts entries, dates them 2000-01-01, marks them 0644 files, deflates text and stores media', async () => {
    const entries = await listEntries(await writePackZip(samplePack()));
    const names = entries.map(({ name }) => name);
    expect(names).toEqual([...names].sort());
    for (const entry of entries) {
      expect(entry.date.toISOString()).toBe('2000-01-01T00:00:00.000Z');
      expect(entry.mode).toBe(0o100644);
    }
    const method = Object.fromEntries(entries.map(({ name, compressionMethod }) => [name, compressionMethod]));
    expect(method['courses/c/course.md']).toBe(8);
    expect(method['media/keyboard.png']).toBe(0);
  });

  it('refuses to write a path the readers would refuse', async () => {
    for (const path of ['../escape.md', 'courses\\c\\course.md', './pack.json']) {
      const error = await writePackZip(new Map([[path, utf8('x')]])).catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(PackFileError);
      expect((error as PackFileError).code).toBe('ZIP_UNSAFE_PATH');
      expect((error as PackFileError).message).toContain(JSON.stringify(path));
    }
  });
});

describe('writePackZipFile', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(nodePath.join(os.tmpdir(), 'darasa-write-zip-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('replaces the target with the same bytes as writePackZip and leaves no temporary file', async () => {
    const out = nodePath.join(dir, 'sample.zip');
    await writeFile(out, 'an older export');
    await writePackZipFile(samplePack(), out);
    expect(new Uint8Array(await readFile(out))).toEqual(await writePackZip(samplePack()));
    expect(await readdir(dir)).toEqual(['sample.zip']);
    expect((await readPackZip(out)).size).toBe(samplePack().size);
  });

  it('fails without leaving anything when the folder does not exist', async () => {
    const out = nodePath.join(dir, 'missing', 'sample.zip');
    await expect(writePackZipFile(samplePack(), out)).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('fails without leaving a temporary file when the target cannot be replaced', async () => {
    const out = nodePath.join(dir, 'taken'); // a non-empty folder: the final rename fails
    await mkdir(nodePath.join(out, 'inside'), { recursive: true });
    await expect(writePackZipFile(samplePack(), out)).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
  });
});
