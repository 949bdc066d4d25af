// One error handler for the whole API: every failure leaves as `{ code, message }`
// with the right status. Fastify's own errors (schema validation, bad JSON, body
// limits) are mapped onto the catalogue; anything unexpected becomes a 500 whose
// details go to the log, never to the client.
import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import { Errors } from '../errors.ts';

interface ErrorBody {
  code: string;
  message: string;
}

function toErrorBody(error: FastifyError, bodyLimit: number): { status: number; body: ErrorBody } {
  if (error.validation) {
    const context = error.validationContext ?? 'request';
    return { status: 400, body: { code: 'VALIDATION_FAILED', message: `The request is not valid: ${context}${error.message.slice(context.length)}` } };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: { code: 'INVALID_JSON', message: new Errors.INVALID_JSON().message } };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: { code: 'BODY_TOO_LARGE', message: new Errors.BODY_TOO_LARGE(bodyLimit).message } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE', message: error.message } };
  }
  const status = error.statusCode ?? 500;
  if (status >= 500) {
    return { status: status === 503 ? 503 : 500, body: status === 503 && (error.code === 'STORE_UNAVAILABLE' || error.code === 'CENTRAL_UNAVAILABLE')
      ? { code: error.code, message: error.message }
      : { code: 'INTERNAL_ERROR', message: new Errors.INTERNAL_ERROR().message } };
  }
  const code = error.code && !error.code.startsWith('FST_') ? error.code : status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
  return { status, body: { code, message: error.message } };
}

export default fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const { status, body } = toErrorBody(error, app.initialConfig.bodyLimit ?? 1048576);
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ code: body.code }, body.message);
      return reply.status(status).send(body);
    });
  },
  { name: 'error-handler' },
);
