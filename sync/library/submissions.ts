// Central's library publisher (issue 9): hubs never write the shared library;
// a trainer's approval on a hub writes a `library-submission` (its pack .zip in
// `library-submission-part` documents) that travels with the hub's push into
// the hub's own database at central. This runs as central's administrator (`darasa central
// publish-submissions`, and every minute inside the central dashboard) and, for
// each submission not decided yet, checks it again before publishing:
//   - the hub's `course-review` records an approval of that version by the
//     approver named in the submission;
//   - the approver is a person with the trainer role, active, in the database
//     of the hub their id names (a roaming trainer from another hub counts), or
//     an active roaming staff account with the trainer role (`darasa-staff`);
//   - the approver is not one of the course's authors;
//   - the .zip, put together from the submission's parts (each checked against
//     its SHA-256), matches the submission's SHA-256 and size, and is a
//     valid pack (content/ validators, as hubs check it) holding exactly that
//     course as `library-<courseId>` version `<n>.0.0`, every course, module and
//     lesson id starting with the hub's id (a hub cannot overwrite another's);
//   - the library does not hold a newer version of it.
// Then `publishToLibrary`. Every outcome is kept in `darasa-library` as
// `library-decision:<hubId>:<courseId>.<version>` (published, or refused with
// the reason), so a submission is decided once. A submission whose review or
// attachment has not fully arrived yet (a push cut half-way) waits for the next run.
import { createHash } from 'node:crypto';
import { readPackZip } from '../../content/pack/read-zip.ts';
import { parsePack } from '../../content/pack/parse-pack.ts';
import { formatProblem } from '../../content/pack/problems.ts';
import { type CentralAdmin, couchExpect, couchRequest, resolveCentral, CentralError } from '../central/couch-http.ts';
import { ensureCentral, hubDatabase, LIBRARY_DB } from '../central/provision.ts';
import type { PersonDoc } from '../documents.ts';
import type { CourseReviewDoc, LibrarySubmissionDoc } from '../training-documents.ts';
import { STAFF_DB, type StaffAccountDoc } from '../staff/staff-documents.ts';
import { libraryIds, type LibraryPackDoc } from './library-docs.ts';
import { publishToLibrary } from './publish.ts';
import { reviewedPackId, reviewedPackVersion, SUBMISSION_PART_BYTES, submissionPartId } from './reviewed-packs.ts';

export interface LibraryDecisionDoc {
  _id: string;
  _rev?: string;
  type: 'library-decision';
  hubId: string;
  submissionId: string;
  courseId: string;
  version: number;
  decision: 'published' | 'refused';
  reason?: string;
  packId: string;
  sha256: string;
  approvedBy: string;
  decidedAt: string;
}

export const decisionId = (hubId: string, submissionId: string) => `library-decision:${hubId}:${submissionId.split(':').slice(2).join(':')}`;

export interface PublishSubmissionsResult {
  published: { hubId: string; courseId: string; version: number; packId: string }[];
  refused: { hubId: string; courseId: string; version: number; reason: string }[];
  /** Not decided yet: something it needs has not arrived at central. */
  waiting: { hubId: string; courseId: string; version: number; reason: string }[];
}

type Outcome = { kind: 'publish'; zip: Uint8Array; title: string; languages: string[]; licence: string } | { kind: 'refuse' | 'wait'; reason: string };

const enc = encodeURIComponent;
const range = (prefix: string) => `startkey=${enc(JSON.stringify(prefix))}&endkey=${enc(JSON.stringify(`${prefix}\ufff0`))}&include_docs=true`;

async function getDoc<T>(central: CentralAdmin, db: string, id: string): Promise<T | null> {
  const response = await couchRequest<T>(central, 'GET', `/${enc(db)}/${enc(id)}`);
  return response.status === 200 ? response.body : null;
}

async function listDocs<T>(central: CentralAdmin, db: string, prefix: string): Promise<T[]> {
  const response = await couchRequest<{ rows?: { doc?: T }[] }>(central, 'GET', `/${enc(db)}/_all_docs?${range(prefix)}`);
  if (response.status === 404) return [];
  if (response.status !== 200) throw new CentralError('CENTRAL_REFUSED', `central refused to list ${prefix} in ${db}: ${response.status}`, response.status);
  return (response.body.rows ?? []).flatMap((row) => (row.doc ? [row.doc] : []));
}

/** An attachment's bytes, or null if central does not have them (yet). */
async function getAttachment(central: CentralAdmin, db: string, id: string, name: string): Promise<Uint8Array | null> {
  const { base, authorization, timeoutMs } = resolveCentral(central);
  let response: Response;
  try {
    response = await fetch(`${base}/${enc(db)}/${enc(id)}/${enc(name)}`, { headers: authorization ? { authorization } : {}, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new CentralError('CENTRAL_UNREACHABLE', `cannot read ${id}'s pack at central (${(error as Error).message}).`);
  }
  if (response.status === 404) return null;
  if (!response.ok) throw new CentralError('CENTRAL_REFUSED', `central answered ${response.status} for ${id}'s pack`, response.status);
  return new Uint8Array(await response.arrayBuffer());
}

/** The pack .zip from the submission's parts, each checked against its SHA-256. */
async function assemble(central: CentralAdmin, db: string, submission: LibrarySubmissionDoc): Promise<{ kind: 'ok'; zip: Uint8Array } | { kind: 'refuse' | 'wait'; reason: string }> {
  const parts = Array.isArray(submission.parts) ? submission.parts : [];
  if (parts.length === 0 || typeof submission.size !== 'number' || submission.size > parts.length * (submission.partBytes ?? SUBMISSION_PART_BYTES)) {
    return { kind: 'refuse', reason: 'the submission lists no pack parts, or fewer than its size needs' };
  }
  const zip = new Uint8Array(submission.size);
  let offset = 0;
  for (const [index, sha] of parts.entries()) {
    const bytes = await getAttachment(central, db, submissionPartId(submission._id, index), 'data');
    if (!bytes) return { kind: 'wait', reason: `part ${index + 1} of ${parts.length} of the pack has not arrived at central yet` };
    if (createHash('sha256').update(bytes).digest('hex') !== sha) return { kind: 'refuse', reason: `part ${index + 1} of the pack does not match its SHA-256` };
    if (offset + bytes.length > zip.length) return { kind: 'refuse', reason: 'the pack parts are longer than the submission says' };
    zip.set(bytes, offset);
    offset += bytes.length;
  }
  if (offset !== zip.length) return { kind: 'refuse', reason: `the pack parts hold ${offset} bytes, not ${zip.length}` };
  return { kind: 'ok', zip };
}

/** Whether the approver holds the trainer role: on the hub their id names, or as a roaming staff account. */
async function isTrainer(central: CentralAdmin, personId: string, staff: () => Promise<StaffAccountDoc[]>): Promise<boolean> {
  const home = /^person:(hub-[a-z0-9]+):/.exec(personId)?.[1];
  if (home) {
    const person = await getDoc<PersonDoc>(central, hubDatabase(home), personId);
    if (person && person.active !== false && person.roles.includes('trainer')) return true;
  }
  return (await staff()).some((s) => s.personId === personId && s.active && s.roles.includes('trainer'));
}

async function check(central: CentralAdmin, hubId: string, submission: LibrarySubmissionDoc, staff: () => Promise<StaffAccountDoc[]>): Promise<Outcome> {
  const db = hubDatabase(hubId);
  const { courseId, version } = submission;
  if (typeof courseId !== 'string' || !Number.isInteger(version) || version < 1) return { kind: 'refuse', reason: 'the submission names no course or version' };
  const review = await getDoc<CourseReviewDoc>(central, db, `course-review:${hubId}:${courseId}`);
  if (!review) return { kind: 'wait', reason: "the course's review has not arrived at central yet" };
  const approved = review.rounds?.some((r) => r.kind === 'approve' && r.version === version && r.by === submission.approvedBy);
  if (!approved) {
    if (review.status === 'submitted' && review.version === version) return { kind: 'wait', reason: "the review's approval has not arrived at central yet" };
    return { kind: 'refuse', reason: `the hub's review of ${courseId} records no approval of version ${version} by ${submission.approvedBy}` };
  }
  const authors = new Set([review.authorId, ...(review.authorIds ?? []), submission.authorId, ...(submission.authorIds ?? [])]);
  if (authors.has(submission.approvedBy)) return { kind: 'refuse', reason: `${submission.approvedBy} approved a course they wrote; another trainer must review it` };
  if (!(await isTrainer(central, submission.approvedBy, staff))) return { kind: 'refuse', reason: `${submission.approvedBy} is not an active trainer at central` };

  const assembled = await assemble(central, db, submission);
  if (assembled.kind !== 'ok') return assembled;
  const zip = assembled.zip;
  const sha = createHash('sha256').update(zip).digest('hex');
  if (sha !== submission.sha256 || zip.length !== submission.size) return { kind: 'refuse', reason: `the pack (${zip.length} bytes, SHA-256 ${sha.slice(0, 12)}…) is not the one approved (${submission.size} bytes, ${String(submission.sha256).slice(0, 12)}…)` };
  let parsed;
  try {
    parsed = parsePack(await readPackZip(zip));
  } catch (error) {
    return { kind: 'refuse', reason: `the pack cannot be read: ${(error as Error).message}` };
  }
  if (!parsed.ok) return { kind: 'refuse', reason: `the pack is not valid: ${parsed.problems.slice(0, 3).map(formatProblem).join('; ')}` };
  const { manifest, courses } = parsed.pack;
  if (manifest.id !== reviewedPackId(courseId) || manifest.version !== reviewedPackVersion(version)) {
    return { kind: 'refuse', reason: `the pack is ${manifest.id} ${manifest.version}, not ${reviewedPackId(courseId)} ${reviewedPackVersion(version)}` };
  }
  if (courses.length !== 1 || courses[0]!.meta.id !== courseId) return { kind: 'refuse', reason: `the pack must hold the course ${courseId} alone` };
  const own = `${hubId}-`;
  const foreign = [courseId, ...courses[0]!.modules.flatMap((m) => [m.id, ...m.lessons.map((l) => l.id)])].filter((id) => !id.startsWith(own));
  if (foreign.length) return { kind: 'refuse', reason: `ids not written on ${hubId}: ${foreign.slice(0, 5).join(', ')}` };
  const current = await getDoc<LibraryPackDoc>(central, LIBRARY_DB, libraryIds.pack(manifest.id));
  if (current && current.sha256 !== sha && Number(current.version.split('.')[0]) >= version) {
    return { kind: 'refuse', reason: `the library already holds version ${current.version} of this course` };
  }
  return { kind: 'publish', zip, title: manifest.title, licence: manifest.licence, languages: [...new Set(courses.map((c) => c.meta.language))] };
}

/** One pass over every hub database at central, or over these hubs' only
 * (`hubIds`, `--hub`: one truck's submissions; a test on a shared CouchDB
 * leaves other runs' submissions alone). */
export async function publishSubmissions(central: CentralAdmin, options: { now?: () => string; hubIds?: string[] } = {}): Promise<PublishSubmissionsResult> {
  // The library's database and validator are made before the first write only:
  // a run with nothing to decide writes nothing (it runs every minute).
  let ensured = false;
  const ensure = async () => {
    if (!ensured) await ensureCentral(central);
    ensured = true;
  };
  const now = options.now ?? (() => new Date().toISOString());
  const result: PublishSubmissionsResult = { published: [], refused: [], waiting: [] };
  const all = await couchExpect<string[]>(central, 'list its databases', 'GET', '/_all_dbs', undefined, [200]);
  const hubs = (Array.isArray(all.body) ? all.body : [])
    .filter((name) => /^darasa-hub-[a-z0-9]+$/.test(name))
    .map((name) => name.slice('darasa-'.length))
    .filter((hubId) => !options.hubIds || options.hubIds.includes(hubId));
  const decided = new Set((await listDocs<LibraryDecisionDoc>(central, LIBRARY_DB, 'library-decision:')).map((d) => d._id));
  let staffAccounts: StaffAccountDoc[] | null = null;
  const staff = async () => (staffAccounts ??= await listDocs<StaffAccountDoc>(central, STAFF_DB, 'staff-account:'));

  for (const hubId of hubs) {
    const submissions = await listDocs<LibrarySubmissionDoc>(central, hubDatabase(hubId), `library-submission:${hubId}:`);
    for (const submission of submissions.sort((a, b) => a.version - b.version)) {
      const id = decisionId(hubId, submission._id);
      if (decided.has(id)) continue;
      const outcome = await check(central, hubId, submission, staff);
      const entry = { hubId, courseId: submission.courseId, version: submission.version };
      if (outcome.kind === 'wait') {
        result.waiting.push({ ...entry, reason: outcome.reason });
        continue;
      }
      const packId = reviewedPackId(String(submission.courseId));
      await ensure();
      if (outcome.kind === 'publish') {
        await publishToLibrary(central, outcome.zip, {
          packId, version: reviewedPackVersion(submission.version), title: outcome.title, licence: outcome.licence, courseIds: [submission.courseId], languages: outcome.languages,
        }, { publishedBy: `review:${hubId}:${submission.approvedBy}` });
        result.published.push({ ...entry, packId });
      } else result.refused.push({ ...entry, reason: outcome.reason });
      const decision: LibraryDecisionDoc = {
        _id: id, type: 'library-decision', hubId, submissionId: submission._id, courseId: submission.courseId, version: submission.version,
        decision: outcome.kind === 'publish' ? 'published' : 'refused', ...(outcome.kind === 'refuse' ? { reason: outcome.reason } : {}),
        packId, sha256: String(submission.sha256), approvedBy: String(submission.approvedBy), decidedAt: now(),
      };
      // 409: another run (the dashboard's loop and the CLI at once) recorded it
      // meanwhile, from the same checks of the same documents: the same decision.
      await couchExpect(central, `record the decision on ${submission._id}`, 'PUT', `/${LIBRARY_DB}/${enc(id)}`, decision, [201, 202, 409]);
      decided.add(id);
    }
  }
  return result;
}

/** Decisions kept in the library, newest first (for the operator's listing). */
export async function listDecisions(central: CentralAdmin): Promise<LibraryDecisionDoc[]> {
  return (await listDocs<LibraryDecisionDoc>(central, LIBRARY_DB, 'library-decision:')).sort((a, b) => b.decidedAt.localeCompare(a.decidedAt));
}
