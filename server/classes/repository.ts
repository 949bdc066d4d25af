// The only code that touches class documents, all in the `hub` database (they
// replicate to central): `class`, `enrolment` (one per learner and class, with
// an id fixed by both, so enrolling twice writes one document), `attendance`
// (one per class and day, id fixed by both) and `assignment`.
import type { AssignmentDoc, AttendanceDoc, ClassDoc, EnrolmentDoc } from '../../sync/documents.ts';
import { makeHubDocId, parseDocId } from '../../sync/ids.ts';
import { Repository } from '../store/repository.ts';
import type { Store } from '../store/store.ts';

/** `person:<hub>:<local>` → `<hub>.<local>`: a person id inside another id's local part (no colons allowed there). */
const flatten = (id: string) => id.replace(/:/g, '.');

export class ClassRepository {
  readonly classes: Repository<ClassDoc>;
  readonly enrolments: Repository<EnrolmentDoc>;
  readonly attendance: Repository<AttendanceDoc>;
  readonly assignments: Repository<AssignmentDoc>;
  readonly #db;

  constructor(store: Store, readonly hubId = store.hubId) {
    this.#db = store.databases.hub;
    this.classes = new Repository<ClassDoc>(this.#db, 'class');
    this.enrolments = new Repository<EnrolmentDoc>(this.#db, 'enrolment');
    this.attendance = new Repository<AttendanceDoc>(this.#db, 'attendance');
    this.assignments = new Repository<AssignmentDoc>(this.#db, 'assignment');
  }

  newClassId = () => this.classes.newId(this.hubId);
  newAssignmentId = () => this.assignments.newId(this.hubId);

  getClass(id: string): Promise<ClassDoc | null> {
    return id.startsWith('class:') ? this.classes.get(id) : Promise.resolve(null);
  }

  listClasses = () => this.classes.list();
  putClass = (doc: ClassDoc) => this.classes.put(doc);

  enrolmentId(classId: string, personId: string): string {
    const local = parseDocId(classId)!.rest;
    return makeHubDocId('enrolment', this.hubId, `${local}.${flatten(personId.replace(/^person:/, ''))}`);
  }

  /** Every enrolment of a class (active or not), by its id prefix. */
  async enrolmentsOf(classId: string): Promise<EnrolmentDoc[]> {
    const prefix = makeHubDocId('enrolment', this.hubId, `${parseDocId(classId)!.rest}.x`).slice(0, -1);
    const result = await this.#db.allDocs({ startkey: prefix, endkey: `${prefix}\uffff`, include_docs: true });
    return result.rows.flatMap((row) => (row.doc ? [row.doc as unknown as EnrolmentDoc] : []));
  }

  listEnrolments = () => this.enrolments.list();

  async getMany<T>(ids: string[]): Promise<Map<string, T>> {
    const out = new Map<string, T>();
    if (ids.length === 0) return out;
    const result = await this.#db.allDocs({ keys: ids, include_docs: true });
    for (const row of result.rows) if ('doc' in row && row.doc) out.set(row.id, row.doc as unknown as T);
    return out;
  }

  /** Writes several documents of this domain at once; throws on the first failure. */
  async putAll(docs: (EnrolmentDoc | ClassDoc | AssignmentDoc)[]): Promise<void> {
    const results = await this.#db.bulkDocs(docs);
    const failed = results.find((result) => 'error' in result && result.error);
    if (failed) throw Object.assign(new Error(`writing class records failed: ${JSON.stringify(failed)}`), { status: (failed as { status?: number }).status });
  }

  attendanceId(classId: string, date: string): string {
    return makeHubDocId('attendance', this.hubId, `${parseDocId(classId)!.rest}.${date}`);
  }

  getAttendance = (id: string) => this.attendance.get(id);
  putAttendance = (doc: AttendanceDoc) => this.attendance.put(doc);

  /** A class's sessions in date order (the id ends with the date). */
  async sessionsOf(classId: string): Promise<AttendanceDoc[]> {
    const prefix = makeHubDocId('attendance', this.hubId, `${parseDocId(classId)!.rest}.x`).slice(0, -1);
    const result = await this.#db.allDocs({ startkey: prefix, endkey: `${prefix}\uffff`, include_docs: true });
    return result.rows.flatMap((row) => (row.doc ? [row.doc as unknown as AttendanceDoc] : []));
  }

  listAssignments = () => this.assignments.list();
  putAssignment = (doc: AssignmentDoc) => this.assignments.put(doc);
  getAssignment(id: string): Promise<AssignmentDoc | null> {
    return id.startsWith('assignment:') ? this.assignments.get(id) : Promise.resolve(null);
  }
}
