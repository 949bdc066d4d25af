// The typed configuration the hub is built from. Only `main.ts` (and the CLI)
// read the environment; tests build configs directly with temporary data dirs.
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { PRODUCTION_KDF, PRODUCTION_PIN_KDF, type KdfParams } from './auth/kdf.ts';

/** The project folder: the nearest folder above this module with package.json.
 * This module runs from server/ (tsx, tests) or from dist/app/server/ (npm start). */
function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export const REPO_ROOT = findRepoRoot();

export interface AppConfig {
  /** Where PouchDB keeps the hub's databases. */
  dataDir: string;
  /** The built workstation app (vite's output), or null to serve the API only. */
  clientDir: string | null;
  logLevel: string;
  /** The product version reported by /api/health. */
  version: string;
  auth: AuthConfig;
  /** The seed curriculum folder installed on a new hub, or null for none. */
  seedPackDir: string | null;
  /** The largest pack upload accepted, in bytes. */
  maxPackBytes: number;
  /** The largest media file (image, audio, video) an author may upload into a lesson, in bytes. */
  maxMediaBytes: number;
  /** Sync with central: minutes between runs when connected, and each request's deadline;
   * `retry` (backoff after failures, default 30 s doubling to 1 h) is for tests only;
   * `batchBytes`: about this many bytes of JSON per push request (SYNC_BATCH_KB; the
   * default suits 256–1024 kbit/s; what a cut costs is about one batch sent again). */
  sync: { intervalMs: number; timeoutMs: number; retry?: { firstMs: number; maxMs: number }; batchBytes?: number };
}

export interface AuthConfig {
  /** scrypt parameters for new passwords (server/auth/kdf.ts says why these). */
  kdf: KdfParams;
  /** scrypt parameters for new PINs: cheaper, so a class signs in at once (kdf.ts). */
  pinKdf: KdfParams;
  /** Overrides the hub setting `learnerIdleMinutes` (tests use a short one). */
  learnerIdleMs?: number;
  /** A staff session ends after this long without a request. */
  staffIdleMs: number;
}

export const DEFAULT_AUTH: AuthConfig = { kdf: PRODUCTION_KDF, pinKdf: PRODUCTION_PIN_KDF, staffIdleMs: 8 * 60 * 60_000 };

export function readVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export const DEFAULT_CLIENT_DIR = path.join(REPO_ROOT, 'dist', 'client');
export const SEED_PACK_DIR = path.join(REPO_ROOT, 'content', 'seed', 'darasa-seed');
const DEFAULT_MAX_PACK_BYTES = 512 * 1024 * 1024;
const DEFAULT_MAX_MEDIA_BYTES = 100 * 1024 * 1024; // a few minutes of classroom video
const DEFAULT_SYNC = { intervalMs: 15 * 60_000, timeoutMs: 60_000 };

export function defaultConfig(overrides: Partial<AppConfig> & Pick<AppConfig, 'dataDir'>): AppConfig {
  return {
    clientDir: null,
    seedPackDir: null,
    maxPackBytes: DEFAULT_MAX_PACK_BYTES,
    maxMediaBytes: DEFAULT_MAX_MEDIA_BYTES,
    sync: DEFAULT_SYNC,
    logLevel: 'warn',
    version: readVersion(),
    auth: DEFAULT_AUTH,
    ...overrides,
  };
}

export interface ListenConfig {
  port: number;
  host: string;
}

/** Reads the hub's settings from the environment. Throws a one-line message on a bad value. */
export function configFromEnv(env: NodeJS.ProcessEnv): AppConfig & ListenConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, not "${env.PORT}".`);
  }
  if (env.SYNC_BATCH_KB !== undefined && !(Number.isInteger(Number(env.SYNC_BATCH_KB)) && Number(env.SYNC_BATCH_KB) >= 4)) {
    throw new Error(`SYNC_BATCH_KB must be a whole number of kilobytes, 4 or more, not "${env.SYNC_BATCH_KB}".`);
  }
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    // CLIENT_DIR='' serves the API only (npm run dev, where Vite serves the pages).
    clientDir: env.CLIENT_DIR === '' ? null : env.CLIENT_DIR ? path.resolve(env.CLIENT_DIR) : DEFAULT_CLIENT_DIR,
    logLevel: env.LOG_LEVEL ?? 'info',
    version: readVersion(),
    auth: DEFAULT_AUTH,
    // SEED_CONTENT=0 starts a hub without the seed curriculum (e.g. a library-only hub).
    seedPackDir: env.SEED_CONTENT === '0' ? null : SEED_PACK_DIR,
    maxPackBytes: env.MAX_PACK_MB ? Number(env.MAX_PACK_MB) * 1024 * 1024 : DEFAULT_MAX_PACK_BYTES,
    maxMediaBytes: env.MAX_MEDIA_MB ? Number(env.MAX_MEDIA_MB) * 1024 * 1024 : DEFAULT_MAX_MEDIA_BYTES,
    sync: {
      ...DEFAULT_SYNC,
      ...(env.SYNC_INTERVAL_MINUTES ? { intervalMs: Number(env.SYNC_INTERVAL_MINUTES) * 60_000 } : {}),
      ...(env.SYNC_BATCH_KB ? { batchBytes: Number(env.SYNC_BATCH_KB) * 1024 } : {}),
    },
  };
}
