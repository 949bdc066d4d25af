// The `people` domain: learners and staff, their profiles, CSV import and export.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import routes from './routes.ts';
import csvRoutes from './csv-routes.ts';

const people: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(routes);
  await app.register(csvRoutes);
};

export default people;
