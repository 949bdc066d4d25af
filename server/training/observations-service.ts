// The rules of classroom observation (issue 9):
//   - the criteria are the programme's defaults until a trainer edits them;
//     an edit keeps the ids of existing criteria (history and trend follow a
//     criterion by id) and makes ids for new ones from their labels;
//   - an observation names a real class session (an `attendance` document)
//     that the observed teacher taught (a teacher of its class, or the one who
//     took its attendance), scores every current criterion exactly once from 1
//     to 4, and is written once; the observer (a trainer: the capability says
//     so) never observes their own session;
//   - each observation keeps the criteria's labels as they read then.
import type { ObservationCriterion, ObservationDoc } from '../../sync/training-documents.ts';
import type { AttendanceDoc, ClassDoc } from '../../sync/documents.ts';
import type { SessionUser } from '../auth/user.ts';
import { displayNameOf } from '../auth/user.ts';
import type { ClassRepository } from '../classes/repository.ts';
import { Errors } from '../errors.ts';
import type { PeopleRepository } from '../people/repository.ts';
import type { HubSettingsRepository } from '../setup/repository.ts';
import { isConflict } from '../store/repository.ts';
import { defaultCriteria } from './observation-defaults.ts';
import type { ObservationRepository } from './observations-repository.ts';
import type { CriteriaBody, CriteriaView, ObservationBody, ObservationView } from './observations-schemas.ts';
import { averageOf, observationTrend } from './observations-trend.ts';

const slug = (label: string) =>
  label.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 36) || 'criterion';

export class ObservationService {
  constructor(
    readonly repository: ObservationRepository,
    private readonly classes: ClassRepository,
    private readonly people: PeopleRepository,
    private readonly settings: HubSettingsRepository,
  ) {}

  async nameOf(personId: string): Promise<string> {
    const person = await this.people.getPerson(personId);
    return (person && displayNameOf(person)) || personId;
  }

  async criteria(): Promise<CriteriaView> {
    const doc = await this.repository.getCriteria();
    if (doc) return { criteria: doc.criteria, isDefault: false, updatedAt: doc.updatedAt, updatedBy: await this.nameOf(doc.updatedBy) };
    return { criteria: defaultCriteria((await this.settings.read())?.defaultLanguage), isDefault: true, updatedAt: null, updatedBy: null };
  }

  async saveCriteria(user: SessionUser, body: CriteriaBody): Promise<CriteriaView> {
    const labels = body.criteria.map((c) => c.label.trim().toLocaleLowerCase());
    const twice = labels.filter((label, i) => labels.indexOf(label) !== i);
    if (twice.length > 0) throw new Errors.CRITERIA_INVALID(`two criteria are called "${twice[0]}"; give each its own label`);
    const given = body.criteria.flatMap((c) => (c.id ? [c.id] : []));
    const dupId = given.find((id, i) => given.indexOf(id) !== i);
    if (dupId) throw new Errors.CRITERIA_INVALID(`the id "${dupId}" is used twice`);
    const taken = new Set(given);
    const criteria: ObservationCriterion[] = body.criteria.map((c) => {
      let id = c.id;
      if (!id) {
        const base = slug(c.label);
        id = base;
        for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
        taken.add(id);
      }
      const guidance = c.guidance?.trim();
      return { id, label: c.label.trim(), ...(guidance ? { guidance } : {}) };
    });
    const current = await this.repository.getCriteria();
    const now = new Date().toISOString();
    try {
      await this.repository.putCriteria({
        _id: this.repository.criteriaId(),
        ...(current?._rev ? { _rev: current._rev } : {}),
        type: 'observation-criteria',
        createdAt: current?.createdAt ?? now,
        criteria,
        updatedAt: now,
        updatedBy: user.id,
      });
    } catch (error) {
      if (isConflict(error)) throw new Errors.EDIT_CONFLICT('Someone else saved the criteria at the same moment. Reload them and save again.');
      throw error;
    }
    return this.criteria();
  }

  /** The session, its class, and whether the teacher taught it; 404 for a session that does not exist. */
  async sessionFor(sessionId: string): Promise<{ session: AttendanceDoc; klass: ClassDoc | null }> {
    const session = sessionId.startsWith('attendance:') ? await this.classes.getAttendance(sessionId) : null;
    if (!session) throw new Errors.UNKNOWN_SESSION(sessionId);
    return { session, klass: await this.classes.getClass(session.classId) };
  }

  async record(user: SessionUser, body: ObservationBody): Promise<ObservationDoc> {
    const { session, klass } = await this.sessionFor(body.sessionId);
    const taught = session.teacherId === body.teacherId || (klass?.teacherIds.includes(body.teacherId) ?? false);
    if (!taught) throw new Errors.NOT_SESSION_TEACHER(await this.nameOf(body.teacherId));
    if (body.teacherId === user.id) throw new Errors.FORBIDDEN('observing your own session (another trainer observes it)');
    const { criteria } = await this.criteria();
    const byId = new Map(criteria.map((c) => [c.id, c]));
    const ids = body.scores.map((s) => s.criterionId);
    const problems = [
      ...ids.filter((id) => !byId.has(id)).map((id) => `unknown criterion "${id}"`),
      ...[...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))].map((id) => `"${id}" scored twice`),
      ...criteria.filter((c) => !ids.includes(c.id)).map((c) => `"${c.label}" not scored`),
    ];
    if (problems.length > 0) throw new Errors.UNKNOWN_CRITERIA(problems.join(', '));
    const scores = criteria.map((c) => {
      const given = body.scores.find((s) => s.criterionId === c.id)!;
      const notes = given.notes?.trim();
      return { criterionId: c.id, label: c.label, score: given.score, ...(notes ? { notes } : {}) };
    });
    const now = new Date().toISOString();
    const notes = body.notes?.trim();
    return this.repository.putObservation({
      _id: this.repository.newObservationId(),
      type: 'observation',
      createdAt: now,
      teacherId: body.teacherId,
      sessionId: session._id,
      classId: session.classId,
      date: session.date,
      observerId: user.id,
      scores,
      averageScore: averageOf(scores),
      ...(notes ? { notes } : {}),
      updatedAt: now,
    });
  }

  async views(docs: ObservationDoc[]): Promise<ObservationView[]> {
    const names = new Map<string, string>();
    const name = async (id: string) => names.get(id) ?? names.set(id, await this.nameOf(id)).get(id)!;
    const classNames = new Map<string, string>();
    const out: ObservationView[] = [];
    for (const doc of docs) {
      if (!classNames.has(doc.classId)) classNames.set(doc.classId, (await this.classes.getClass(doc.classId))?.name ?? doc.classId);
      out.push({
        id: doc._id,
        teacherId: doc.teacherId,
        teacherName: await name(doc.teacherId),
        sessionId: doc.sessionId,
        classId: doc.classId,
        className: classNames.get(doc.classId)!,
        date: doc.date,
        observerId: doc.observerId,
        observerName: await name(doc.observerId),
        scores: doc.scores,
        averageScore: doc.averageScore,
        ...(doc.notes ? { notes: doc.notes } : {}),
        createdAt: doc.createdAt,
      });
    }
    return out;
  }

  /** Newest first. */
  async history(teacherId: string): Promise<ObservationView[]> {
    return this.views((await this.repository.observationsOf(teacherId)).reverse());
  }

  async trend(teacherId: string) {
    const [observations, { criteria }] = await Promise.all([this.repository.observationsOf(teacherId), this.criteria()]);
    return observationTrend(teacherId, observations, criteria);
  }

  /** Active teachers of this hub, with how often and how well they were observed. */
  async teachers() {
    const [people, observations] = await Promise.all([this.people.listPeople(), this.repository.listObservations()]);
    return people
      .filter((p) => p.active && p.roles.includes('teacher'))
      .map((p) => {
        const mine = observations.filter((o) => o.teacherId === p._id).sort((a, b) => a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt));
        const latest = mine[mine.length - 1];
        return { id: p._id, name: displayNameOf(p) || p._id, observations: mine.length, latestAverage: latest?.averageScore ?? null, latestObservedOn: latest?.date ?? null };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The classes a teacher teaches and their sessions, newest first, for the observation form. */
  async sessionsOf(teacherId: string) {
    const [classes, observations] = await Promise.all([this.classes.listClasses(), this.repository.observationsOf(teacherId)]);
    const observed = new Set(observations.map((o) => o.sessionId));
    const out = [];
    for (const klass of classes.filter((c) => c.teacherIds.includes(teacherId))) {
      const sessions = (await this.classes.sessionsOf(klass._id)).reverse();
      out.push({
        id: klass._id,
        name: klass.name,
        sessions: sessions.map((s) => ({ id: s._id, date: s.date, present: Object.values(s.statuses).filter((v) => v !== 'absent').length, observed: observed.has(s._id) })),
      });
    }
    return { teacherId, teacherName: await this.nameOf(teacherId), classes: out };
  }
}
