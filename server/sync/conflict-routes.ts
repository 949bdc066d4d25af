// The conflicts API for administrators: compare the versions of a record that
// has conflicting revisions, and keep one (server/sync/conflicts.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '../schemas.ts';
import type { ConflictService } from './conflicts.ts';
import type { SyncService } from './service.ts';
import * as C from './conflict-schemas.ts';
import { SyncStatus } from './schemas.ts';

const routes: FastifyPluginAsyncTypebox<{ conflicts: ConflictService; service: SyncService }> = async (app, { conflicts, service }) => {
  app.get('/api/sync/conflicts/:id', {
    config: { capability: 'sync.manage' },
    schema: {
      tags: ['sync'],
      summary: "Every live version of a record with conflicting revisions, on the hub and at central, with the fields that differ",
      params: C.ConflictParams,
      response: { 200: C.ConflictDescription, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse },
    },
  }, async (request) => conflicts.describe(request.params.id));

  app.post('/api/sync/conflicts/:id/resolve', {
    config: { capability: 'sync.manage' },
    schema: {
      tags: ['sync'],
      summary: 'Keep one version of a record and end the others; the sync that starts at once carries the choice to central. Events are refused.',
      params: C.ConflictParams,
      body: C.ResolveBody,
      response: { 200: SyncStatus, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse },
    },
  }, async (request) => {
    await conflicts.resolve(request.params.id, request.body.keepRev);
    return service.status();
  });
};

export default routes;
