// Visiting staff (roaming staff accounts from other hubs):
//   GET  /api/people/roaming                     who may sign in here from another truck
//   POST /api/people/roaming/:username/disable   disable one here, and everywhere after sync
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, commonErrors } from '../schemas.ts';
import { RoamingParams, RoamingStaffList, RoamingStaffView } from './roaming-schemas.ts';
import { disableRoaming, listRoaming } from './roaming.ts';

const guarded = { 401: ErrorResponse, 403: ErrorResponse };

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const accounts = app.auth;

  app.get('/api/people/roaming', {
    config: { capability: 'people.read' },
    schema: {
      tags: ['people'],
      summary: 'Visiting staff: teachers and trainers of other hubs who may sign in here',
      description: "Their accounts come from central at each sync (salted password hashes, names, staff roles). Also lists this hub's staff accounts central refused.",
      response: { 200: RoamingStaffList, ...commonErrors, ...guarded },
    },
  }, async () => listRoaming(accounts));

  app.post('/api/people/roaming/:username/disable', {
    config: { capability: 'people.manage' },
    schema: {
      tags: ['people'],
      summary: 'Disable a visiting staff account',
      description: 'Refused on this hub at once (open sessions end); central, the home hub and every other hub refuse it after their next sync. Disabling twice changes nothing.',
      params: RoamingParams,
      response: { 200: RoamingStaffView, 404: ErrorResponse, ...commonErrors, ...guarded },
    },
  }, async (request) => {
    const view = await disableRoaming(accounts, request.params.username);
    request.log.info({ username: view.username, by: request.user?.id }, 'visiting staff account disabled');
    return view;
  });
};

export default routes;
