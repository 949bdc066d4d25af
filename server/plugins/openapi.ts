// The OpenAPI document, generated from the route schemas, at /api/openapi.json,
// and a browsable page at /api/docs. Routes must be registered after this plugin.
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

export default fp<{ version: string }>(
  async (app, options) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Darasa hub API',
          version: options.version,
          description:
            'The JSON API of a Darasa hub. Every error is answered as `{ code, message }`; codes are stable, messages are English for people and scripts.\n\n' +
            'Sign in with POST /api/session (staff) or POST /api/session/learner: the hub sets the `darasa_session` cookie and answers the CSRF token, ' +
            'which every POST, PATCH, PUT and DELETE must carry in the `x-csrf-token` header (also at GET /api/session/csrf). ' +
            'Each guarded operation names the capability it needs and the roles that hold it.',
        },
        components: {
          securitySchemes: {
            session: { type: 'apiKey', in: 'cookie', name: 'darasa_session', description: 'Set by the sign-in routes; HttpOnly, SameSite=Strict' },
            csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token', description: 'Required on state-changing calls of a signed-in caller' },
          },
        },
        tags: [
          { name: 'hub', description: 'The hub itself: health and identity' },
          { name: 'setup', description: 'First-run setup and the hub settings' },
          { name: 'accounts', description: 'Sign-in, sessions, who am I. State-changing calls need the x-csrf-token header (GET /api/session/csrf)' },
          { name: 'people', description: 'Learners and staff: profiles, roles, PINs, CSV import and export' },
          { name: 'content', description: 'Courses, lessons, media, search, and content packs' },
          { name: 'authoring', description: 'Writing courses on the hub: drafts (updates carry the revision read; a stale one is a 409 naming who changed it), publish, versions and restore, duplicate, translate, media upload' },
          { name: 'sync', description: 'Replication with central: connection, status, runs, data budget' },
          { name: 'reviews', description: "Curriculum review: a teacher submits a course written on this hub; a trainer (never its author) comments per lesson, requests changes or approves it for central's shared library" },
          { name: 'library', description: "The shared library's reviewed courses installed on this hub: browse, preview, duplicate to adapt" },
        ],
      },
    });
    await app.register(swaggerUi, { routePrefix: '/api/docs' });
    app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'openapi' },
);
