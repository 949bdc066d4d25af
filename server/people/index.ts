// The `people` domain: learners and staff, their profiles, CSV import and export,
// and visiting staff from other hubs (roaming-routes.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import routes from './routes.ts';
import csvRoutes from './csv-routes.ts';
import roamingRoutes from './roaming-routes.ts';

const people: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(routes);
  await app.register(csvRoutes);
  await app.register(roamingRoutes);
};

export default people;
