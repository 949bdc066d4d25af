// Builds the hub app in-process on a fresh temporary data directory.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { defaultConfig, type AppConfig } from '../../server/config.ts';
import { makeTempDir } from './temp-dir.ts';

export async function buildTestApp(overrides: Partial<AppConfig> = {}): Promise<FastifyInstance> {
  const dataDir = overrides.dataDir ?? (await makeTempDir());
  return buildApp(defaultConfig({ logLevel: 'silent', ...overrides, dataDir }));
}
