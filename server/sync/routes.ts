// The sync API for administrators: connect to central (tested before it is
// stored), disconnect, read the status panel, start a sync, set the budget.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Errors } from '../errors.ts';
import { ErrorResponse } from '../schemas.ts';
import { parsePairingCode, PairingCodeError } from '../../sync/central/pairing.ts';
import { LinkError } from './link-errors.ts';
import type { SyncService } from './service.ts';
import * as S from './schemas.ts';
import usbRoutes from './usb-routes.ts';

const routes: FastifyPluginAsyncTypebox<{ service: SyncService }> = async (app, { service }) => {
  app.put('/api/sync/connection', {
    config: { capability: 'sync.manage' },
    schema: {
      tags: ['sync'],
      summary: 'Connect this hub to central: tests the credentials, then keeps them on the hub only',
      body: S.ConnectionBody,
      response: { 200: S.SyncStatus, 400: ErrorResponse, 422: ErrorResponse },
    },
  }, async (request) => {
    const body = request.body;
    let input;
    try {
      input = 'pairingCode' in body
        ? parsePairingCode(body.pairingCode)
        : { centralUrl: body.centralUrl, hubId: body.hubId ?? app.store.hubId, username: body.username, password: body.password };
    } catch (error) {
      if (error instanceof PairingCodeError) throw new Errors.PAIRING_CODE_INVALID(error.message);
      throw error;
    }
    try {
      await service.connect(input);
    } catch (error) {
      if (error instanceof LinkError) throw new Errors.CENTRAL_CONNECTION_FAILED(error.message);
      throw error;
    }
    return service.status();
  });

  app.delete('/api/sync/connection', {
    config: { capability: 'sync.manage' },
    schema: { tags: ['sync'], summary: 'Disconnect from central (records already sent stay there)', response: { 200: S.SyncStatus } },
  }, async () => {
    await service.disconnect();
    return service.status();
  });

  app.get('/api/sync/status', {
    config: { capability: 'sync.manage' },
    schema: { tags: ['sync'], summary: 'The sync panel: last success, waiting records by kind, bytes, budget, refusals, conflicts, last error', response: { 200: S.SyncStatus } },
  }, async () => service.status());

  app.post('/api/sync/run', {
    config: { capability: 'sync.manage' },
    schema: { tags: ['sync'], summary: 'Start a sync now (returns at once; poll the status for progress)', response: { 202: S.SyncStatus, 409: ErrorResponse } },
  }, async (_request, reply) => {
    const status = await service.status();
    if (!status.connected) throw new Errors.SYNC_NOT_CONNECTED();
    void service.run();
    return reply.status(202).send(await service.status());
  });

  app.put('/api/sync/budget', {
    config: { capability: 'sync.manage' },
    schema: { tags: ['sync'], summary: 'Set the daily and monthly data caps (null for none)', body: S.BudgetBody, response: { 200: S.SyncStatus } },
  }, async (request) => {
    await service.setBudget(request.body.dailyBytes, request.body.monthlyBytes);
    return service.status();
  });

  // Sync by USB: the export file for central when there is no link at all.
  await app.register(usbRoutes);
};

export default routes;
