// The error catalogue: every error the API answers with has a stable `code`
// (clients translate by code; scripts branch on it) and an English `message`
// a person can act on. Answers are `{ code, message }`; 5xx details stay in the log.
import createError from '@fastify/error';

export const Errors = {
  NOT_FOUND: createError('NOT_FOUND', 'Nothing here: %s', 404),
  VALIDATION_FAILED: createError('VALIDATION_FAILED', 'The request is not valid: %s', 400),
  INVALID_JSON: createError('INVALID_JSON', 'The request body is not valid JSON.', 400),
  BODY_TOO_LARGE: createError('BODY_TOO_LARGE', 'The request body is too large (limit %s bytes).', 413),
  UNSUPPORTED_MEDIA_TYPE: createError('UNSUPPORTED_MEDIA_TYPE', 'This content type is not accepted here: %s', 415),
  METHOD_NOT_ALLOWED: createError('METHOD_NOT_ALLOWED', 'This method is not allowed here.', 405),
  STORE_UNAVAILABLE: createError('STORE_UNAVAILABLE', 'The hub cannot reach its data store right now. Try again in a moment.', 503),
  INTERNAL_ERROR: createError('INTERNAL_ERROR', 'Something went wrong on the hub. It has been logged; please try again.', 500),
} as const;

export type ErrorCode = keyof typeof Errors;

export const ERROR_CODES = Object.keys(Errors) as ErrorCode[];
