// CSV import and export of learners. Import is two-step and all-or-nothing:
// the file is parsed and every row checked (preview), and only a file with no
// row in error is written, in one batch. The parser is csv-parse (well kept,
// RFC 4180 quoting, reports the line of a malformed record).
//
// Columns are matched without case, spaces or underscores ("Given name",
// given_name and givenName are one). Export writes the same columns plus a few
// that import ignores (id, roles, username, active), so an exported file can be
// edited in a spreadsheet and imported into another hub.
// Cells that a spreadsheet would run as a formula (= + - @) are exported with a
// leading apostrophe (CSV injection), which import strips again.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { Value } from 'typebox/value';
import type { Person } from './person-record.ts';
import { Errors } from '../errors.ts';
import { CreatePersonBody } from './schemas.ts';

export const MAX_CSV_ROWS = 5000;

const IMPORT_COLUMNS = {
  givenname: 'givenName',
  familyname: 'familyName',
  gender: 'gender',
  birthyear: 'birthYear',
  ageband: 'ageBand',
  community: 'community',
  language: 'language',
  guardiancontact: 'guardianContact',
  pin: 'pin',
  nopin: 'noPin',
} as const;
const IGNORED_COLUMNS = new Set(['id', 'roles', 'username', 'active', 'haspin']);
const REQUIRED = ['givenname', 'familyname'] as const;
const EXPORT_HEADER = ['id', 'given_name', 'family_name', 'roles', 'username', 'gender', 'birth_year', 'age_band', 'community', 'language', 'guardian_contact', 'no_pin', 'active'];

export interface RowProblem {
  field: string;
  /** required | tooLong | invalid: the app translates these. */
  code: 'required' | 'tooLong' | 'invalid';
  message: string;
}

export interface CsvRow {
  /** The line in the file where the record starts (the header is line 1). */
  line: number;
  person: CreatePersonBody;
  problems: RowProblem[];
}

const normalise = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');
const unformula = (cell: string) => (/^'[=+\-@]/.test(cell) ? cell.slice(1) : cell);

/** Bytes → text: UTF-8 only (a BOM is allowed); anything else is refused, not guessed. */
export function decodeCsv(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new Errors.CSV_INVALID('it is not UTF-8 text. Save it from the spreadsheet as "CSV UTF-8".');
  }
}

function toPerson(record: Record<string, string>): CreatePersonBody {
  const person: Record<string, unknown> = { roles: ['learner'] };
  for (const [column, raw] of Object.entries(record)) {
    const key = IMPORT_COLUMNS[column as keyof typeof IMPORT_COLUMNS];
    const cell = unformula(raw ?? '').trim();
    if (!key || (cell === '' && key !== 'givenName' && key !== 'familyName')) continue;
    if (key === 'birthYear') person[key] = /^\d+$/.test(cell) ? Number(cell) : cell;
    else if (key === 'noPin') person[key] = ['yes', 'true', '1', 'oui'].includes(cell.toLowerCase()) ? true : ['no', 'false', '0', 'non'].includes(cell.toLowerCase()) ? false : cell;
    else person[key] = cell;
  }
  return person as CreatePersonBody;
}

function problemsOf(person: CreatePersonBody): RowProblem[] {
  const seen = new Set<string>();
  const problems: RowProblem[] = [];
  for (const error of Value.Errors(CreatePersonBody, person)) {
    const field = error.instancePath.split('/')[1] || 'row';
    if (seen.has(field)) continue;
    seen.add(field);
    const value = (person as Record<string, unknown>)[field];
    const code = value === undefined || value === '' || error.params && 'pattern' in error.params && error.params.pattern === '\\S' ? 'required' : error.keyword === 'maxLength' ? 'tooLong' : 'invalid';
    problems.push({ field, code, message: `${field} ${error.message}` });
  }
  return problems;
}

/** Parses and checks a whole file. Throws CSV_INVALID for a file that cannot be
 * read as a table of learners at all; row problems are returned, not thrown. */
export function parseLearnersCsv(text: string): CsvRow[] {
  let records: string[][];
  let lines: number[] = [];
  try {
    const parsed = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false, info: true, max_record_size: 64 * 1024 }) as unknown as { record: string[]; info: { lines: number } }[];
    records = parsed.map((entry) => entry.record);
    lines = parsed.map((entry) => entry.info.lines);
  } catch (error) {
    throw new Errors.CSV_INVALID(`it is not well-formed CSV (${(error as Error).message.replace(/^Invalid Record Length: /, '')})`);
  }
  const [header, ...rows] = records;
  if (!header) throw new Errors.CSV_INVALID('it is empty. The first line must name the columns, e.g. given_name,family_name,pin.');
  const columns = header.map((name) => normalise(name));
  const unknown = header.filter((_, i) => !(columns[i]! in IMPORT_COLUMNS) && !IGNORED_COLUMNS.has(columns[i]!));
  if (unknown.length > 0) throw new Errors.CSV_INVALID(`unknown columns: ${unknown.slice(0, 5).join(', ')}. Known: ${Object.keys(IMPORT_COLUMNS).join(', ')}.`);
  const missing = REQUIRED.filter((name) => !columns.includes(name));
  if (missing.length > 0) throw new Errors.CSV_INVALID(`missing columns: ${missing.join(', ')}.`);
  if (new Set(columns).size !== columns.length) throw new Errors.CSV_INVALID('a column appears twice.');
  if (rows.length === 0) throw new Errors.CSV_INVALID('it has a header but no learners.');
  if (rows.length > MAX_CSV_ROWS) throw new Errors.CSV_INVALID(`it has ${rows.length} rows; import at most ${MAX_CSV_ROWS} at a time.`);
  return rows.map((cells, index) => {
    const record = Object.fromEntries(columns.map((column, i) => [column, cells[i] ?? '']));
    const person = toPerson(record);
    return { line: lines[index + 1] ?? index + 2, person, problems: problemsOf(person) };
  });
}

function cell(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return /^[=+\-@]/.test(text) ? `'${text}` : text;
}

export function peopleToCsv(people: Person[]): string {
  const rows = people.map((p) => [p._id, p.givenName, p.familyName, p.roles.join(' '), p.username, p.gender, p.birthYear, p.ageBand, p.community, p.language, p.guardianContact, p.noPin ? 'yes' : '', p.active ? 'yes' : 'no'].map(cell));
  // A BOM so that spreadsheets open the UTF-8 names (Swahili, French) correctly.
  return `\ufeff${stringify([EXPORT_HEADER, ...rows])}`;
}
