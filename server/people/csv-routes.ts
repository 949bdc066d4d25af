// CSV import and export of learners:
//   POST /api/people/import/preview  (text/csv) every row with its problems; writes nothing
//   POST /api/people/import          (text/csv) writes all rows, or none if any has a problem
//   GET  /api/people/export          (text/csv) everyone, for a spreadsheet or another hub
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse, commonErrors } from '../schemas.ts';
import { Errors } from '../errors.ts';
import { decodeCsv, MAX_CSV_ROWS, parseLearnersCsv, peopleToCsv } from './csv.ts';
import { importLearners } from './import.ts';

/** 2 MB holds ~5,000 learners; a larger upload (10 MB of garbage) is refused before parsing. */
const CSV_BODY_LIMIT = 2 * 1024 * 1024;

const Problem = Type.Object({
  field: Type.String(),
  code: Type.Union([Type.Literal('required'), Type.Literal('tooLong'), Type.Literal('invalid')]),
  message: Type.String(),
});
const PreviewRow = Type.Object({
  line: Type.Integer({ description: 'Line of the file where the row starts (the header is line 1)' }),
  givenName: Type.Optional(Type.String()),
  familyName: Type.Optional(Type.String()),
  community: Type.Optional(Type.String()),
  hasPin: Type.Boolean(),
  problems: Type.Array(Problem),
});
const Preview = Type.Object({ rows: Type.Array(PreviewRow), valid: Type.Integer(), invalid: Type.Integer() });
const CsvRefused = Type.Object({ code: Type.String(), message: Type.String(), rows: Type.Optional(Type.Array(PreviewRow)) });
const CsvBody = Type.String({ description: `A UTF-8 CSV file (content-type text/csv): a header line naming the columns, then one learner per line, at most ${MAX_CSV_ROWS}. Columns: given_name, family_name (required), gender, birth_year, age_band, community, language, guardian_contact, pin, no_pin.` });

function previewOf(text: string) {
  const rows = parseLearnersCsv(text).map((row) => ({
    row,
    view: {
      line: row.line,
      ...(typeof row.person.givenName === 'string' ? { givenName: row.person.givenName } : {}),
      ...(typeof row.person.familyName === 'string' ? { familyName: row.person.familyName } : {}),
      ...(typeof row.person.community === 'string' ? { community: row.person.community } : {}),
      hasPin: Boolean(row.person.pin),
      problems: row.problems,
    },
  }));
  const invalid = rows.filter((r) => r.view.problems.length > 0).length;
  return { rows, invalid, valid: rows.length - invalid };
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const accounts = app.auth;
  // Raw bytes, so that a file that is not UTF-8 is refused rather than mangled.
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: CSV_BODY_LIMIT }, (_request, body, done) => {
    try {
      done(null, decodeCsv(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.post('/api/people/import/preview', {
    config: { capability: 'people.import' },
    bodyLimit: CSV_BODY_LIMIT,
    schema: {
      tags: ['people'],
      summary: 'Check a CSV file of learners, row by row, without writing anything',
      consumes: ['text/csv'],
      body: CsvBody,
      response: { 200: Preview, 401: ErrorResponse, 403: ErrorResponse, 413: ErrorResponse, 415: ErrorResponse, ...commonErrors },
    },
  }, async (request) => {
    const { rows, valid, invalid } = previewOf(request.body);
    return { rows: rows.map((r) => r.view), valid, invalid };
  });

  app.post('/api/people/import', {
    config: { capability: 'people.import' },
    bodyLimit: CSV_BODY_LIMIT,
    schema: {
      tags: ['people'],
      summary: 'Import a CSV file of learners: all rows, or none if any row has a problem',
      description: 'Answers 400 CSV_INVALID with the rows in error when any row has a problem; nothing is written then.',
      consumes: ['text/csv'],
      body: CsvBody,
      response: {
        201: Type.Object({ imported: Type.Integer(), ids: Type.Array(Type.String()) }),
        400: CsvRefused,
        401: ErrorResponse, 403: ErrorResponse, 413: ErrorResponse, 415: ErrorResponse, 500: ErrorResponse,
      },
    },
  }, async (request, reply) => {
    const { rows, invalid } = previewOf(request.body);
    if (invalid > 0) {
      const error = new Errors.CSV_INVALID(`${invalid} of ${rows.length} rows have problems; nothing was imported. Fix them and try again.`);
      return reply.status(400).send({ code: error.code, message: error.message, rows: rows.filter((r) => r.view.problems.length > 0).map((r) => r.view) });
    }
    const ids = await importLearners(accounts, rows.map((r) => r.row));
    request.log.info({ count: ids.length, by: request.user?.id }, 'learners imported');
    return reply.status(201).send({ imported: ids.length, ids });
  });

  app.get('/api/people/export', {
    config: { capability: 'people.export' },
    schema: {
      tags: ['people'],
      summary: 'Everyone on this hub as CSV (UTF-8 with BOM), deactivated people included',
      produces: ['text/csv'],
      response: { 200: Type.String({ description: 'CSV text' }), 401: ErrorResponse, 403: ErrorResponse },
    },
  }, async (_request, reply) => {
    const csv = peopleToCsv(await accounts.people.listPeople());
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="people-${accounts.hubId}.csv"`)
      .send(csv);
  });
};

export default routes;
