// Classes: the rules. Operations:
//   listClasses / createClass / viewClass / updateClass — classes and groups
//   enrolLearners / unenrolLearner                       — who is in the class
//   recordSession / listSessions                         — one attendance document per class and day
//   assign / listAssignments / releaseResults            — work for a class, a group or chosen learners
//   assignmentsOf                                        — what a learner was given, across classes
// Invariants: a teacher acts only on classes they teach or co-teach; admins on
// all (the capability table only says "teacher or admin"). Only active
// learners are enrolled; groups, attendance and assignments name enrolled
// learners only. Attendance is written on the day of its session only.
// Cohorts (issue 9) are classes with `kind: 'cohort'`, run by the same code
// with COHORT_RULES: their "teachers" are trainers, their "learners" are
// active teachers. One service instance serves one kind: the other kind's
// documents are not found (404) through it.
import type { AssignmentDoc, AttendanceDoc, ClassDoc, EnrolmentDoc } from '../../sync/documents.ts';
import type { ContentLookup } from '../learning/content-lookup.ts';
import { displayNameOf, type SessionUser } from '../auth/user.ts';
import { Errors } from '../errors.ts';
import type { ClassRepository } from './repository.ts';
import type { AssignBody, AssignmentView, ClassSummary, ClassView, CreateClassBody, SessionBody, SessionView, UpdateClassBody } from './schemas.ts';

/** What the classes need of a person (the people repository joins names in). */
export interface PersonLike {
  _id: string;
  givenName?: string;
  familyName?: string;
  roles: string[];
  active: boolean;
}

export interface PeopleSource {
  getPerson(id: string): Promise<PersonLike | null>;
  listPeople(): Promise<PersonLike[]>;
}

/** The hub's day (its own clock and time zone), YYYY-MM-DD. */
export function localDay(at = new Date()): string {
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
}

/** What differs between a class and a cohort. */
export interface KindRules {
  kind: 'class' | 'cohort';
  /** Roles that may run it (be among its `teacherIds`). */
  runnerRoles: readonly string[];
  /** The role its members (enrolled "learners") must hold. */
  memberRole: 'learner' | 'teacher';
  /** Error constructors (each takes the name or ids for its message). */
  errors: Record<'notYours' | 'notMembers' | 'notIn' | 'notRunners', new (detail: string) => Error>;
}

export const CLASS_RULES: KindRules = {
  kind: 'class',
  runnerRoles: ['teacher', 'admin'],
  memberRole: 'learner',
  errors: { notYours: Errors.NOT_YOUR_CLASS, notMembers: Errors.NOT_LEARNERS, notIn: Errors.NOT_IN_CLASS, notRunners: Errors.NOT_TEACHERS },
};

export const COHORT_RULES: KindRules = {
  kind: 'cohort',
  runnerRoles: ['trainer', 'admin'],
  memberRole: 'teacher',
  errors: { notYours: Errors.NOT_YOUR_COHORT, notMembers: Errors.NOT_COHORT_TEACHERS, notIn: Errors.NOT_IN_COHORT, notRunners: Errors.NOT_TRAINERS },
};

/** A class document's kind ('class' when absent). */
export const kindOf = (doc: ClassDoc): 'class' | 'cohort' => doc.kind ?? 'class';

const isAdmin = (user: SessionUser) => user.roles.includes('admin');
const nameOf = (person: PersonLike | null | undefined, id: string) => (person ? displayNameOf({ givenName: person.givenName ?? '', familyName: person.familyName ?? '' }) || id : id);
const slug = (name: string) => name.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 30) || 'group';

export class ClassService {
  constructor(
    readonly repository: ClassRepository,
    private readonly people: PeopleSource,
    private readonly content: ContentLookup,
    readonly rules: KindRules = CLASS_RULES,
  ) {}

  /** The class, if this user may act on it: 404 when absent or of the other kind, 403 NOT_YOUR_CLASS (NOT_YOUR_COHORT) when not theirs. */
  async classFor(user: SessionUser, classId: string): Promise<ClassDoc> {
    const doc = await this.repository.getClass(classId);
    if (!doc || kindOf(doc) !== this.rules.kind) throw new Errors.NOT_FOUND(classId);
    if (!isAdmin(user) && !doc.teacherIds.includes(user.id)) throw new this.rules.errors.notYours(doc.name);
    return doc;
  }

  async classesOf(user: SessionUser): Promise<ClassDoc[]> {
    const all = (await this.repository.listClasses()).filter((doc) => kindOf(doc) === this.rules.kind);
    return all.filter((doc) => isAdmin(user) || doc.teacherIds.includes(user.id)).sort((a, b) => a.name.localeCompare(b.name));
  }

  async activeLearnerIds(classId: string): Promise<string[]> {
    return (await this.repository.enrolmentsOf(classId)).filter((e) => e.active).map((e) => e.personId);
  }

  async #names(ids: string[]): Promise<Map<string, string>> {
    const people = await Promise.all(ids.map((id) => this.people.getPerson(id)));
    return new Map(ids.map((id, i) => [id, nameOf(people[i], id)]));
  }

  async summaries(docs: ClassDoc[]): Promise<ClassSummary[]> {
    const teacherNames = await this.#names([...new Set(docs.flatMap((d) => d.teacherIds))]);
    const enrolments = await this.repository.listEnrolments();
    const counts = new Map<string, number>();
    for (const e of enrolments) if (e.active) counts.set(e.classId, (counts.get(e.classId) ?? 0) + 1);
    return docs.map((doc) => this.#summary(doc, teacherNames, counts.get(doc._id) ?? 0));
  }

  #summary(doc: ClassDoc, names: Map<string, string>, learnerCount: number): ClassSummary {
    return {
      id: doc._id,
      ...(doc.kind === 'cohort' ? { kind: 'cohort' as const } : {}),
      name: doc.name,
      ...(doc.level ? { level: doc.level } : {}),
      ...(doc.language ? { language: doc.language } : {}),
      ...(doc.schedule ? { schedule: doc.schedule } : {}),
      visitDates: doc.visitDates,
      teachers: doc.teacherIds.map((id) => ({ id, name: names.get(id) ?? id })),
      learnerCount,
      groups: doc.groups,
      updatedAt: doc.updatedAt,
    };
  }

  async view(doc: ClassDoc): Promise<ClassView> {
    const learnerIds = await this.activeLearnerIds(doc._id);
    const names = await this.#names([...new Set([...doc.teacherIds, ...learnerIds])]);
    const learners = learnerIds.map((id) => ({ id, name: names.get(id)! })).sort((a, b) => a.name.localeCompare(b.name));
    return { ...this.#summary(doc, names, learnerIds.length), learners };
  }

  async #checkTeachers(ids: string[]): Promise<void> {
    const people = await Promise.all(ids.map((id) => this.people.getPerson(id)));
    const bad = ids.filter((_, i) => !people[i]?.active || !people[i]!.roles.some((r) => this.rules.runnerRoles.includes(r)));
    if (bad.length > 0) throw new this.rules.errors.notRunners(bad.join(', '));
  }

  async createClass(user: SessionUser, body: CreateClassBody): Promise<ClassDoc> {
    const teacherIds = body.teacherIds ?? [user.id];
    // A teacher who makes a class teaches it (an admin may make one for others).
    if (!isAdmin(user) && !teacherIds.includes(user.id)) teacherIds.unshift(user.id);
    await this.#checkTeachers(teacherIds);
    const now = new Date().toISOString();
    return this.repository.putClass({
      _id: this.repository.newClassId(),
      type: 'class',
      ...(this.rules.kind === 'cohort' ? { kind: 'cohort' as const } : {}),
      createdAt: now,
      updatedAt: now,
      name: body.name.trim(),
      ...(body.level ? { level: body.level } : {}),
      ...(body.language ? { language: body.language } : {}),
      ...(body.schedule ? { schedule: body.schedule } : {}),
      visitDates: [...(body.visitDates ?? [])].sort(),
      teacherIds,
      groups: [],
    });
  }

  async updateClass(user: SessionUser, classId: string, change: UpdateClassBody): Promise<ClassDoc> {
    const current = await this.classFor(user, classId);
    const next: ClassDoc = { ...current, updatedAt: new Date().toISOString() };
    if (change.name !== undefined) next.name = change.name.trim();
    if (change.level !== undefined) next.level = change.level;
    if (change.language !== undefined) next.language = change.language;
    if (change.schedule !== undefined) next.schedule = change.schedule;
    if (change.visitDates !== undefined) next.visitDates = [...change.visitDates].sort();
    if (change.teacherIds !== undefined) {
      await this.#checkTeachers(change.teacherIds);
      next.teacherIds = [...change.teacherIds];
    }
    if (change.groups !== undefined) {
      const enrolled = new Set(await this.activeLearnerIds(classId));
      const outside = [...new Set(change.groups.flatMap((g) => g.learnerIds))].filter((id) => !enrolled.has(id));
      if (outside.length > 0) throw new this.rules.errors.notIn(outside.join(', '));
      const used = new Set<string>();
      next.groups = change.groups.map((group) => {
        let id = group.id ?? slug(group.name);
        for (let n = 2; used.has(id); n++) id = `${group.id ?? slug(group.name)}-${n}`;
        used.add(id);
        return { id, name: group.name.trim(), learnerIds: [...group.learnerIds] };
      });
    }
    return this.repository.putClass(next);
  }

  async enrolLearners(user: SessionUser, classId: string, personIds: string[]): Promise<ClassDoc> {
    const doc = await this.classFor(user, classId);
    const people = await Promise.all(personIds.map((id) => this.people.getPerson(id)));
    const bad = personIds.filter((_, i) => !people[i] || !people[i]!.active || !people[i]!.roles.includes(this.rules.memberRole));
    if (bad.length > 0) throw new this.rules.errors.notMembers(bad.join(', '));
    const ids = personIds.map((id) => this.repository.enrolmentId(classId, id));
    const existing = await this.repository.getMany<EnrolmentDoc>(ids);
    const now = new Date().toISOString();
    const writes = personIds.flatMap((personId, i) => {
      const current = existing.get(ids[i]!);
      if (current?.active) return [];
      return [current ? { ...current, active: true, updatedAt: now } : { _id: ids[i]!, type: 'enrolment' as const, createdAt: now, updatedAt: now, classId, personId, active: true }];
    });
    if (writes.length > 0) await this.repository.putAll(writes);
    return doc;
  }

  async unenrolLearner(user: SessionUser, classId: string, personId: string): Promise<ClassDoc> {
    const doc = await this.classFor(user, classId);
    const current = (await this.repository.getMany<EnrolmentDoc>([this.repository.enrolmentId(classId, personId)])).values().next().value;
    if (!current?.active) throw new this.rules.errors.notIn(personId);
    const now = new Date().toISOString();
    const writes: (EnrolmentDoc | ClassDoc)[] = [{ ...current, active: false, updatedAt: now }];
    // Leaving the class is leaving its groups.
    if (doc.groups.some((g) => g.learnerIds.includes(personId))) {
      writes.push({ ...doc, updatedAt: now, groups: doc.groups.map((g) => ({ ...g, learnerIds: g.learnerIds.filter((id) => id !== personId) })) });
    }
    await this.repository.putAll(writes);
    return (await this.repository.getClass(classId))!;
  }

  /** Creates or changes the class's session of the day: the statuses given are
   * merged into the day's document. Refused for any other day than today. */
  async recordSession(user: SessionUser, classId: string, body: SessionBody): Promise<AttendanceDoc> {
    await this.classFor(user, classId);
    const today = localDay();
    const date = body.date ?? today;
    if (date < today) throw new Errors.ATTENDANCE_CLOSED(date);
    if (date > today) throw new Errors.VALIDATION_FAILED(`attendance for ${date} cannot be taken before that day (today is ${today})`);
    const enrolled = new Set(await this.activeLearnerIds(classId));
    const outside = body.attendance.map((a) => a.personId).filter((id) => !enrolled.has(id));
    if (outside.length > 0) throw new this.rules.errors.notIn(outside.join(', '));
    const id = this.repository.attendanceId(classId, date);
    const current = await this.repository.getAttendance(id);
    if (current && current.date < today) throw new Errors.ATTENDANCE_CLOSED(current.date);
    const now = new Date().toISOString();
    const statuses = { ...(current?.statuses ?? {}) };
    for (const { personId, status } of body.attendance) statuses[personId] = status;
    return this.repository.putAttendance({
      ...(current ?? { _id: id, type: 'attendance', createdAt: now, classId, date }),
      // Central reporting tells teacher training from classes of learners by this.
      ...(this.rules.kind === 'cohort' ? { kind: 'cohort' as const } : {}),
      ...(body.place ? { place: body.place } : {}),
      teacherId: current?.teacherId ?? user.id,
      statuses,
      updatedAt: now,
    } as AttendanceDoc);
  }

  async sessionViews(sessions: AttendanceDoc[]): Promise<SessionView[]> {
    const names = await this.#names([...new Set(sessions.map((s) => s.teacherId))]);
    const today = localDay();
    return sessions.map((s) => {
      const attendance = Object.entries(s.statuses).map(([personId, status]) => ({ personId, status }));
      const count = (status: string) => attendance.filter((a) => a.status === status).length;
      return {
        id: s._id,
        date: s.date,
        ...(s.place ? { place: s.place } : {}),
        teacher: { id: s.teacherId, name: names.get(s.teacherId) ?? s.teacherId },
        editable: s.date === today,
        counts: { present: count('present'), late: count('late'), absent: count('absent') },
        attendance,
      };
    });
  }

  async assign(user: SessionUser, classId: string, body: AssignBody): Promise<AssignmentDoc> {
    const doc = await this.classFor(user, classId);
    await this.#describeItem(body.item);
    const target = body.target ?? { kind: 'class' as const };
    if (target.kind === 'group' && !doc.groups.some((g) => g.id === target.groupId)) throw new Errors.UNKNOWN_GROUP(target.groupId);
    if (target.kind === 'learners') {
      const enrolled = new Set(await this.activeLearnerIds(classId));
      const outside = target.personIds.filter((id) => !enrolled.has(id));
      if (outside.length > 0) throw new this.rules.errors.notIn(outside.join(', '));
    }
    const now = new Date().toISOString();
    return this.repository.putAssignment({
      _id: this.repository.newAssignmentId(),
      type: 'assignment',
      createdAt: now,
      updatedAt: now,
      classId,
      item: { kind: body.item.kind, id: body.item.id },
      target,
      ...(body.dueDate ? { dueDate: body.dueDate } : {}),
      showResults: body.showResults ?? 'immediately',
      createdBy: user.id,
    });
  }

  /** Title, course and lessons of an assigned item; UNKNOWN_CONTENT when it is not on the hub. */
  async #describeItem(item: AssignmentDoc['item']): Promise<{ title: string; courseId: string; lessonIds: string[] }> {
    if (item.kind === 'course') {
      const course = await this.content.course(item.id);
      if (!course || course.retired) throw new Errors.UNKNOWN_CONTENT(`course ${item.id}`);
      return { title: course.title, courseId: course.courseId, lessonIds: (await this.content.liveLessons(course)).map((l) => l.lessonId) };
    }
    const lesson = await this.content.lesson(item.id);
    if (!lesson || lesson.retired) throw new Errors.UNKNOWN_CONTENT(`lesson ${item.id}`);
    if (item.kind === 'quiz' && !lesson.quiz) throw new Errors.UNKNOWN_CONTENT(`quiz ${item.id} (that lesson is not a quiz)`);
    return { title: lesson.title, courseId: lesson.courseId, lessonIds: [lesson.lessonId] };
  }

  async lessonIdsOf(item: AssignmentDoc['item']): Promise<string[]> {
    return (await this.#describeItem(item).catch(() => ({ lessonIds: [] as string[] }))).lessonIds;
  }

  /** The learners an assignment is for, today. */
  targetsOf(assignment: AssignmentDoc, doc: ClassDoc, enrolled: readonly string[]): string[] {
    const target = assignment.target;
    if (target.kind === 'class') return [...enrolled];
    const set = new Set(enrolled);
    if (target.kind === 'group') return (doc.groups.find((g) => g.id === target.groupId)?.learnerIds ?? []).filter((id) => set.has(id));
    return target.personIds.filter((id) => set.has(id));
  }

  async assignmentsOfClass(classId: string): Promise<AssignmentDoc[]> {
    return (await this.repository.listAssignments()).filter((a) => a.classId === classId);
  }

  async assignmentViews(doc: ClassDoc, assignments: AssignmentDoc[]): Promise<AssignmentView[]> {
    const enrolled = await this.activeLearnerIds(doc._id);
    const views: AssignmentView[] = [];
    for (const a of assignments) {
      const item = await this.#describeItem(a.item).catch(() => ({ title: a.item.id, courseId: '', lessonIds: [] }));
      views.push({
        id: a._id,
        classId: a.classId,
        item: { kind: a.item.kind, id: a.item.id, title: item.title, courseId: item.courseId },
        target: a.target,
        learnerIds: this.targetsOf(a, doc, enrolled),
        ...(a.dueDate ? { dueDate: a.dueDate } : {}),
        showResults: a.showResults,
        released: a.showResults === 'immediately' || Boolean(a.releasedAt),
        createdAt: a.createdAt,
      });
    }
    return views.sort((x, y) => (x.createdAt < y.createdAt ? 1 : -1));
  }

  async releaseResults(user: SessionUser, classId: string, assignmentId: string): Promise<AssignmentDoc> {
    await this.classFor(user, classId);
    const current = await this.repository.getAssignment(assignmentId);
    if (!current || current.classId !== classId) throw new Errors.NOT_FOUND(assignmentId);
    if (current.releasedAt) return current;
    const now = new Date().toISOString();
    return this.repository.putAssignment({ ...current, releasedAt: now, updatedAt: now });
  }

  /** Every assignment meant for this learner, in the classes they are enrolled in now
   * (cohorts too, whatever this service's kind: `doc.kind` tells them apart). */
  async assignmentsFor(personId: string): Promise<{ assignment: AssignmentDoc; doc: ClassDoc; title: string; courseId: string; lessonIds: string[] }[]> {
    const enrolments = (await this.repository.listEnrolments()).filter((e) => e.personId === personId && e.active);
    if (enrolments.length === 0) return [];
    const classIds = new Set(enrolments.map((e) => e.classId));
    const classes = await this.repository.getMany<ClassDoc>([...classIds]);
    const out = [];
    for (const assignment of await this.repository.listAssignments()) {
      const doc = classes.get(assignment.classId);
      if (!doc || !this.targetsOf(assignment, doc, [personId]).includes(personId)) continue;
      const item = await this.#describeItem(assignment.item).catch(() => null);
      if (item) out.push({ assignment, doc, ...item });
    }
    return out;
  }

  /** Whether this learner's quiz results for this lesson are held back by an assignment not yet released. */
  async resultsHeld(personId: string, lessonId: string): Promise<boolean> {
    // Asked at every quiz answer checked: most hubs hold nothing, so look at the assignments first.
    if (!(await this.repository.listAssignments()).some((a) => a.showResults === 'later' && !a.releasedAt)) return false;
    const mine = await this.assignmentsFor(personId);
    return mine.some((a) => a.assignment.showResults === 'later' && !a.assignment.releasedAt && a.lessonIds.includes(lessonId));
  }
}
