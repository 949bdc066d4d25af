// Turns the ways a data directory can fail (another hub holds it, the disk is
// read-only, LevelDB files are damaged after a power cut) into one line that
// tells an operator what to do. LevelDB's own messages are kept as the detail.

export type StoreProblem = 'locked' | 'unwritable' | 'corrupt' | 'unknown';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly problem: StoreProblem,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

const UNWRITABLE_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'ENOSPC']);

export function unwritableDataDir(dataDir: string, code: string): StoreError {
  const why = code === 'ENOSPC' ? 'the disk is full' : `the system refused (${code})`;
  return new StoreError(
    'unwritable',
    `The hub cannot write to its data directory ${dataDir}: ${why}. Set DATA_DIR to a writable folder, or give the hub's user write access to it.`,
    code,
  );
}

export function explainStoreError(error: unknown, dataDir: string): StoreError {
  if (error instanceof StoreError) return error;
  const err = error as { message?: string; code?: string; cause?: { message?: string } };
  const text = `${err.message ?? ''} ${err.cause?.message ?? ''}`;
  if (/lock/i.test(text) && /(unavailable|held|already)/i.test(text)) {
    return new StoreError(
      'locked',
      `The data directory ${dataDir} is in use by another running Darasa hub. Stop that hub first, or start this one with DATA_DIR set to another folder.`,
      text.trim(),
    );
  }
  if (err.code && UNWRITABLE_CODES.has(err.code)) return unwritableDataDir(dataDir, err.code);
  if (/(Permission denied|Read-only file system)/i.test(text)) return unwritableDataDir(dataDir, 'EACCES');
  if (/(Corruption|corrupt|MANIFEST|CURRENT|bad block|checksum)/i.test(text)) {
    return new StoreError(
      'corrupt',
      `The data in ${dataDir} is damaged (often after a power cut). Run "npx darasa repair-data" to recover what LevelDB can, or restore the folder from a backup.`,
      text.trim(),
    );
  }
  return new StoreError('unknown', `The hub could not open its data in ${dataDir}: ${text.trim() || String(error)}`, text.trim());
}
