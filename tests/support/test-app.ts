// Builds the hub app in-process on a fresh temporary data directory.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { DEFAULT_AUTH, defaultConfig, type AppConfig } from '../../server/config.ts';
import { TEST_KDF } from '../../server/auth/kdf.ts';
import { makeTempDir } from './temp-dir.ts';

/** Tests get cheap scrypt parameters (TEST_KDF) unless they pass `auth`; at
 * least one test passes the production parameters. */
export async function buildTestApp(overrides: Partial<AppConfig> = {}): Promise<FastifyInstance> {
  const dataDir = overrides.dataDir ?? (await makeTempDir());
  return buildApp(defaultConfig({ logLevel: 'silent', auth: { ...DEFAULT_AUTH, kdf: TEST_KDF, pinKdf: TEST_KDF }, ...overrides, dataDir }));
}
