// Media files on the hub's disk, named by their SHA-256 (DATA_DIR/media/ab/<hash>.<ext>):
// the same picture in two packs is stored once, and a name can never be a path
// an attacker chose. Files are written to a temporary name, flushed and renamed,
// so a power cut never leaves a half-written file under a real name.
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

export class MediaStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'media');
  }

  relativePath(sha256: string, extension: string): string {
    return path.join(sha256.slice(0, 2), `${sha256}.${extension}`);
  }

  async has(sha256: string, extension: string): Promise<boolean> {
    return stat(path.join(this.root, this.relativePath(sha256, extension))).then(
      () => true,
      () => false,
    );
  }

  /** Writes the file unless it is already there; returns whether it was new. */
  async put(sha256: string, extension: string, bytes: Uint8Array): Promise<boolean> {
    if (await this.has(sha256, extension)) return false;
    const target = path.join(this.root, this.relativePath(sha256, extension));
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
    return true;
  }

  async remove(sha256: string, extension: string): Promise<void> {
    await rm(path.join(this.root, this.relativePath(sha256, extension)), { force: true });
  }
}
