// Headers that cost nothing and close whole classes of attack: no MIME sniffing,
// no framing by other sites, no referrer leaking to other origins. The content
// security policy forbids inline and foreign scripts on the app's pages (lesson
// HTML is sanitised too; this is the second wall). The API docs page is exempt:
// Swagger UI needs inline scripts.
import fp from 'fastify-plugin';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

export default fp(
  async (app) => {
    app.addHook('onSend', async (request, reply, payload) => {
      reply.header('X-Content-Type-Options', 'nosniff');
      reply.header('Referrer-Policy', 'same-origin');
      reply.header('X-Frame-Options', 'DENY');
      const type = String(reply.getHeader('content-type') ?? '');
      if (type.startsWith('text/html') && !request.url.startsWith('/api/docs')) {
        reply.header('Content-Security-Policy', CSP);
      }
      return payload;
    });
  },
  { name: 'security-headers' },
);
