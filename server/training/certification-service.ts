// The rules of certification (issue 9):
//   - levels are the programme defaults until a trainer edits one; a level
//     requires courses (on this hub) and/or observed sessions at or above an
//     average score, never nothing;
//   - a teacher's evaluation is computed here, never taken from the client:
//     courses completed from their learning events (progress service), and
//     observed sessions from the observations (a session observed more than
//     once counts once, with the mean of its observations' averages);
//   - 'certified' needs the level met (else 422 naming what is missing) and
//     gets a verification code; 'not-yet' needs a reason; certifying a teacher
//     already certified at that level answers the existing decision; nobody
//     certifies themselves. Decisions are written once.
import type { KeyObject } from 'node:crypto';
import type { CertificationDoc, CertificationLevelDoc, ObservationDoc } from '../../sync/training-documents.ts';
import type { SessionUser } from '../auth/user.ts';
import { displayNameOf } from '../auth/user.ts';
import { Errors } from '../errors.ts';
import { isConflict } from '../store/repository.ts';
import type { ContentLookup } from '../learning/content-lookup.ts';
import { normaliseCode, verificationCode } from '../learning/certificates.ts';
import type { ProgressService } from '../learning/progress-service.ts';
import type { PeopleRepository } from '../people/repository.ts';
import type { HubSettingsRepository } from '../setup/repository.ts';
import { defaultLevels, type LevelDefinition } from './certification-defaults.ts';
import type { CertificationRepository } from './certification-repository.ts';
import type { DecisionBody, DecisionView, LevelBody, LevelView } from './certification-schemas.ts';
import type { ObservationRepository } from './observations-repository.ts';
import { round2 } from './observations-trend.ts';

type Evaluation = CertificationDoc['evaluation'];
/** Averages are stored with two decimals: compare with a margin below that. */
const EPSILON = 1e-9;
/** A public route must not let a stream of made-up codes rescan every decision. */
const RESCAN_MS = 2_000;

export interface CertificationDeps {
  repository: CertificationRepository;
  observations: ObservationRepository;
  progress: ProgressService;
  content: ContentLookup;
  people: PeopleRepository;
  settings: HubSettingsRepository;
  secret: () => Promise<KeyObject>;
}

/** Per observed session, the mean of its observations' averages, oldest first. */
export function observedSessions(observations: ObservationDoc[]): { sessionId: string; date: string; averageScore: number }[] {
  const bySession = new Map<string, ObservationDoc[]>();
  for (const doc of observations) bySession.set(doc.sessionId, [...(bySession.get(doc.sessionId) ?? []), doc]);
  return [...bySession.entries()]
    .map(([sessionId, docs]) => ({ sessionId, date: docs[0]!.date, averageScore: round2(docs.reduce((sum, d) => sum + d.averageScore, 0) / docs.length) }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** Whether completed courses and observed sessions meet a level (pure). */
export function evaluateLevel(requires: LevelDefinition['requires'], completed: ReadonlySet<string>, sessions: { averageScore: number }[]): Evaluation {
  const courseIdsCompleted = requires.courseIds.filter((id) => completed.has(id));
  const courseIdsMissing = requires.courseIds.filter((id) => !completed.has(id));
  const qualifyingObservations = sessions.filter((s) => s.averageScore >= requires.minAverageScore - EPSILON).length;
  return { courseIdsCompleted, courseIdsMissing, qualifyingObservations, met: courseIdsMissing.length === 0 && qualifyingObservations >= requires.observedSessions };
}

export class CertificationService {
  readonly #issued = new Map<string, string>();
  #lastScan = 0;

  constructor(private readonly deps: CertificationDeps) {}

  async #nameOf(personId: string): Promise<string> {
    const person = await this.deps.people.getPerson(personId);
    return (person && displayNameOf(person)) || personId;
  }

  async #hubName(): Promise<string> {
    return (await this.deps.settings.read())?.name ?? '';
  }

  async levels(): Promise<LevelView[]> {
    const stored = await this.deps.repository.listLevels();
    const byId = new Map<string, LevelDefinition & { doc?: CertificationLevelDoc }>();
    for (const level of defaultLevels((await this.deps.settings.read())?.defaultLanguage)) byId.set(level.levelId, level);
    for (const doc of stored) byId.set(doc.levelId, { levelId: doc.levelId, name: doc.name, rank: doc.rank, requires: doc.requires, doc });
    const views: LevelView[] = [];
    for (const level of byId.values()) {
      const courses = await Promise.all(level.requires.courseIds.map(async (courseId) => ({ courseId, title: (await this.deps.content.course(courseId))?.title ?? null })));
      views.push({ levelId: level.levelId, name: level.name, rank: level.rank, requires: level.requires, isDefault: !level.doc, courses, updatedAt: level.doc?.updatedAt ?? null });
    }
    return views.sort((a, b) => a.rank - b.rank || a.levelId.localeCompare(b.levelId));
  }

  async level(levelId: string): Promise<LevelView> {
    const level = (await this.levels()).find((l) => l.levelId === levelId);
    if (!level) throw new Errors.UNKNOWN_LEVEL(levelId);
    return level;
  }

  async saveLevel(user: SessionUser, levelId: string, body: LevelBody): Promise<LevelView> {
    const { courseIds, observedSessions: count } = body.requires;
    if (courseIds.length === 0 && count === 0) throw new Errors.LEVEL_INVALID('a level must require at least one course or one observed session');
    const unknown = [];
    for (const id of courseIds) if (!(await this.deps.content.course(id))) unknown.push(id);
    if (unknown.length > 0) throw new Errors.LEVEL_INVALID(`these courses are not on this hub: ${unknown.join(', ')}`);
    const levels = await this.levels();
    const existing = levels.find((l) => l.levelId === levelId);
    const current = await this.deps.repository.getLevel(levelId);
    const now = new Date().toISOString();
    const write = this.deps.repository.putLevel({
      _id: this.deps.repository.levelDocId(levelId),
      ...(current?._rev ? { _rev: current._rev } : {}),
      type: 'certification-level',
      createdAt: current?.createdAt ?? now,
      levelId,
      name: body.name.trim(),
      rank: body.rank ?? existing?.rank ?? Math.max(0, ...levels.map((l) => l.rank)) + 1,
      requires: { courseIds, observedSessions: count, minAverageScore: round2(body.requires.minAverageScore) },
      updatedAt: now,
      updatedBy: user.id,
    });
    try {
      await write;
    } catch (error) {
      if (isConflict(error)) throw new Errors.EDIT_CONFLICT('Someone else saved this level at the same moment. Reload the levels and save again.');
      throw error;
    }
    return this.level(levelId);
  }

  async #inputs(teacherId: string) {
    const [progress, observations] = await Promise.all([this.deps.progress.progressOf(teacherId), this.deps.observations.observationsOf(teacherId)]);
    const completed = new Set(progress.filter((course) => course.completedAt).map((course) => course.courseId));
    return { completed, sessions: observedSessions(observations) };
  }

  async #teacher(teacherId: string) {
    const person = await this.deps.people.getPerson(teacherId);
    if (!person || !person.active || !person.roles.includes('teacher')) throw new Errors.UNKNOWN_TEACHER(teacherId);
    return person;
  }

  /** Every level evaluated for one teacher, with their certified decision if any. */
  async evaluate(teacherId: string) {
    const person = await this.#teacher(teacherId);
    const [levels, { completed, sessions }, decisions] = await Promise.all([this.levels(), this.#inputs(teacherId), this.decisions(teacherId)]);
    return {
      teacherId,
      teacherName: displayNameOf(person) || teacherId,
      observedSessions: sessions,
      levels: levels.map((level) => ({
        levelId: level.levelId,
        name: level.name,
        requires: level.requires,
        courses: level.courses,
        evaluation: evaluateLevel(level.requires, completed, sessions),
        certified: decisions.find((d) => d.levelId === level.levelId && d.decision === 'certified') ?? null,
      })),
    };
  }

  /** Records a decision; `created` false when the teacher was already certified at that level. */
  async decide(user: SessionUser, body: DecisionBody): Promise<{ view: DecisionView; created: boolean }> {
    await this.#teacher(body.teacherId);
    if (body.teacherId === user.id) throw new Errors.FORBIDDEN('certifying yourself (another trainer decides)');
    const level = await this.level(body.levelId);
    const reason = body.reason?.trim();
    if (body.decision === 'not-yet' && !reason) throw new Errors.REASON_REQUIRED();
    const { completed, sessions } = await this.#inputs(body.teacherId);
    const evaluation = evaluateLevel(level.requires, completed, sessions);
    const certifiedId = this.deps.repository.certifiedId(body.teacherId, level.levelId);
    const existing = async () => {
      const already = await this.deps.repository.getDecision(certifiedId);
      return already ? { view: (await this.views([already]))[0]!, created: false } : null;
    };
    if (body.decision === 'certified') {
      const already = await existing();
      if (already) return already;
      if (!evaluation.met) throw new Errors.CERTIFICATION_NOT_MET(this.#missing(level, evaluation));
    }
    const id = body.decision === 'certified' ? certifiedId : this.deps.repository.newDecisionId();
    const decidedAt = new Date().toISOString();
    const code = body.decision === 'certified' ? verificationCode(await this.deps.secret(), body.teacherId, `certification|${level.levelId}|${id}`, decidedAt) : undefined;
    const doc: CertificationDoc = {
      _id: id,
      type: 'certification',
      createdAt: decidedAt,
      teacherId: body.teacherId,
      levelId: level.levelId,
      levelName: level.name,
      decision: body.decision,
      ...(reason ? { reason } : {}),
      evaluation,
      certifiedBy: user.id,
      decidedAt,
      ...(code ? { verificationCode: code } : {}),
    };
    let saved: CertificationDoc;
    try {
      saved = await this.deps.repository.putDecision(doc);
    } catch (error) {
      // Another trainer certified the teacher at this level a moment ago: theirs stands.
      const already = isConflict(error) ? await existing() : null;
      if (already) return already;
      throw error;
    }
    if (code) this.#issued.set(code.replace(/-/g, ''), saved._id);
    return { view: (await this.views([saved]))[0]!, created: true };
  }

  #missing(level: LevelView, evaluation: Evaluation): string {
    const titles = new Map(level.courses.map((c) => [c.courseId, c.title ?? c.courseId]));
    const parts = evaluation.courseIdsMissing.map((id) => `course "${titles.get(id)}" not completed`);
    const needed = level.requires.observedSessions;
    if (evaluation.qualifyingObservations < needed) {
      parts.push(`${evaluation.qualifyingObservations} of ${needed} observed sessions with an average of ${level.requires.minAverageScore} or more`);
    }
    return parts.join('; ');
  }

  async views(docs: CertificationDoc[]): Promise<DecisionView[]> {
    const hubName = await this.#hubName();
    return Promise.all(docs.map(async (doc) => ({
      id: doc._id,
      teacherId: doc.teacherId,
      teacherName: await this.#nameOf(doc.teacherId),
      levelId: doc.levelId,
      levelName: doc.levelName,
      decision: doc.decision,
      ...(doc.reason ? { reason: doc.reason } : {}),
      evaluation: doc.evaluation,
      certifiedBy: doc.certifiedBy,
      certifiedByName: await this.#nameOf(doc.certifiedBy),
      decidedAt: doc.decidedAt,
      ...(doc.verificationCode ? { verificationCode: doc.verificationCode } : {}),
      hubName,
    })));
  }

  async decisions(teacherId: string): Promise<DecisionView[]> {
    return this.views(await this.deps.repository.decisionsOf(teacherId));
  }

  /** A person's own certificate: the same view the trainer's certificate page prints.
   * Someone else's decision answers as an unknown one, so ids reveal nothing. */
  async ownCertificate(personId: string, id: string): Promise<DecisionView> {
    const doc = id.startsWith('certification:') ? await this.deps.repository.getDecision(id) : null;
    if (!doc || doc.type !== 'certification' || doc.teacherId !== personId) throw new Errors.NO_SUCH_CERTIFICATE(id);
    if (doc.decision !== 'certified' || !doc.verificationCode) throw new Errors.NOT_CERTIFIED_YET(id);
    return (await this.views([doc]))[0]!;
  }

  /** Public: answers only the level, the date, the hub's name and the teacher's given name and family initial. */
  async verify(input: string) {
    const invalid = { valid: false, levelName: null, decidedAt: null, hubName: null, teacherName: null };
    const code = normaliseCode(input);
    if (!code) return invalid;
    if (!this.#issued.has(code) && Date.now() - this.#lastScan > RESCAN_MS) {
      this.#lastScan = Date.now();
      for (const doc of await this.deps.repository.listDecisions()) {
        if (doc.verificationCode) this.#issued.set(doc.verificationCode.replace(/-/g, ''), doc._id);
      }
    }
    const id = this.#issued.get(code);
    const doc = id ? await this.deps.repository.decisions.get(id) : null;
    if (!doc || doc.decision !== 'certified') return invalid;
    const person = await this.deps.people.getPerson(doc.teacherId);
    const initial = person?.familyName?.trim().charAt(0);
    const teacherName = person ? [person.givenName?.trim(), initial ? `${initial.toLocaleUpperCase()}.` : ''].filter(Boolean).join(' ') : null;
    return { valid: true, levelName: doc.levelName, decidedAt: doc.decidedAt, hubName: await this.#hubName(), teacherName };
  }
}
