// The trainer's home (issue 9): the teachers enrolled in the cohorts a trainer
// runs (administrators: every cohort), each with
//   training       share of the lessons assigned to them in cohorts that they completed
//   observations   how many sessions were observed, the latest one's average score
//   certification  their latest certified level, else the latest 'not yet'
//   curricula      local courses they authored (course drafts they saved last,
//                  or course reviews naming them as author)
// and what needs the trainer: course reviews waiting ('submitted') and teachers
// stalled (no learning event in STALLED_AFTER_DAYS days, or none at all).
import type { ClassDoc } from '../../sync/documents.ts';
import type { CertificationDoc, ObservationDoc } from '../../sync/training-documents.ts';
import { displayNameOf, type SessionUser } from '../auth/user.ts';
import type { ClassService, PeopleSource } from '../classes/service.ts';
import { localDay } from '../classes/service.ts';
import type { LearnerEvents } from '../classes/learner-events.ts';
import type { ContentLookup } from '../learning/content-lookup.ts';
import type { TrainerHomeRepository } from './repository.ts';
import type { TrainedTeacher, TrainerHome } from './schemas.ts';

export const STALLED_AFTER_DAYS = 14;
const DAY_MS = 24 * 3600_000;

/** What the home needs of the learning side: a person's completed lessons. */
export interface CompletedLessons {
  completedLessonIds(personId: string): Promise<Set<string>>;
}

export class TrainerHomeService {
  constructor(
    private readonly repository: TrainerHomeRepository,
    private readonly cohorts: ClassService,
    private readonly events: LearnerEvents,
    private readonly completed: CompletedLessons,
    private readonly people: PeopleSource,
    private readonly content: ContentLookup,
  ) {}

  async #names(ids: string[]): Promise<Map<string, string>> {
    const people = await Promise.all(ids.map((id) => this.people.getPerson(id)));
    return new Map(ids.map((id, i) => [id, people[i] ? displayNameOf({ givenName: people[i]!.givenName ?? '', familyName: people[i]!.familyName ?? '' }) || id : id]));
  }

  async home(user: SessionUser, now = new Date()): Promise<TrainerHome> {
    const docs = await this.cohorts.classesOf(user);
    const cohortsOf = new Map<string, ClassDoc[]>();
    for (const doc of docs) for (const id of await this.cohorts.activeLearnerIds(doc._id)) cohortsOf.set(id, [...(cohortsOf.get(id) ?? []), doc]);
    const teacherIds = [...cohortsOf.keys()];
    const [names, events, observations, certifications, drafts, reviews] = await Promise.all([
      this.#names(teacherIds), this.events.of(teacherIds), this.repository.listObservations(), this.repository.listCertifications(),
      this.repository.listCourseDrafts(), this.repository.listReviews(),
    ]);
    const reviewOf = new Map(reviews.map((r) => [r.courseId, r]));
    const quietSince = new Date(now.getTime() - STALLED_AFTER_DAYS * DAY_MS).toISOString();

    const teachers: TrainedTeacher[] = [];
    for (const personId of teacherIds) {
      const list = events.get(personId) ?? [];
      const lastActivityAt = list.reduce<string | null>((max, e) => (max === null || e.at > max ? e.at : max), null);
      const authored = new Set([
        ...drafts.filter((d) => d.updatedBy?.id === personId).map((d) => d.courseId),
        ...reviews.filter((r) => r.authorId === personId).map((r) => r.courseId),
      ]);
      teachers.push({
        personId,
        name: names.get(personId)!,
        cohorts: cohortsOf.get(personId)!.map((d) => ({ id: d._id, name: d.name })),
        training: await this.#training(personId),
        observations: summariseObservations(observations.filter((o) => o.teacherId === personId)),
        certification: standing(certifications.filter((c) => c.teacherId === personId)),
        curricula: drafts
          .filter((d) => authored.has(d.courseId))
          .map((d) => ({ courseId: d.courseId, title: d.meta.title, publishedVersion: d.publishedVersion, updatedAt: d.updatedAt, review: reviewOf.get(d.courseId)?.status ?? null }))
          .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1)),
        lastActivityAt,
        stalled: lastActivityAt === null || lastActivityAt < quietSince,
      });
    }
    teachers.sort((a, b) => a.name.localeCompare(b.name));

    const waiting = reviews.filter((r) => r.status === 'submitted');
    const authorNames = await this.#names([...new Set(waiting.map((r) => r.authorId))]);
    const draftTitle = new Map(drafts.map((d) => [d.courseId, d.meta.title]));
    const attentionReviews = [];
    for (const r of waiting) {
      const submittedAt = [...r.rounds].reverse().find((round) => round.kind === 'submitted')?.at ?? r.updatedAt;
      const title = draftTitle.get(r.courseId) ?? (await this.content.course(r.courseId))?.title ?? r.courseId;
      attentionReviews.push({ courseId: r.courseId, title, authorId: r.authorId, authorName: authorNames.get(r.authorId)!, version: r.version, submittedAt });
    }
    attentionReviews.sort((a, b) => (a.submittedAt < b.submittedAt ? -1 : 1));

    return {
      today: localDay(now),
      stalledAfterDays: STALLED_AFTER_DAYS,
      cohorts: await this.cohorts.summaries(docs),
      teachers,
      attention: {
        reviews: attentionReviews,
        stalled: teachers.filter((t) => t.stalled).map((t) => ({ personId: t.personId, name: t.name, lastActivityAt: t.lastActivityAt, reason: t.lastActivityAt === null ? ('never' as const) : ('quiet' as const) })),
      },
    };
  }

  /** The lessons assigned to the teacher in any cohort, and how many they completed. */
  async #training(personId: string): Promise<TrainedTeacher['training']> {
    const assigned = (await this.cohorts.assignmentsFor(personId)).filter((a) => a.doc.kind === 'cohort');
    const done = await this.completed.completedLessonIds(personId);
    const lessons = new Set(assigned.flatMap((a) => a.lessonIds));
    const byCourse = new Map<string, Set<string>>();
    for (const a of assigned) if (a.assignment.item.kind === 'course') byCourse.set(a.courseId, new Set([...(byCourse.get(a.courseId) ?? []), ...a.lessonIds]));
    const completed = [...lessons].filter((id) => done.has(id)).length;
    return {
      lessonsAssigned: lessons.size,
      lessonsCompleted: completed,
      percent: lessons.size === 0 ? null : Math.round((completed / lessons.size) * 100),
      coursesAssigned: byCourse.size,
      coursesCompleted: [...byCourse.values()].filter((ids) => ids.size > 0 && [...ids].every((id) => done.has(id))).length,
    };
  }
}

function summariseObservations(list: ObservationDoc[]): TrainedTeacher['observations'] {
  const latest = [...list].sort((a, b) => (a.date === b.date ? (a.updatedAt < b.updatedAt ? -1 : 1) : a.date < b.date ? -1 : 1)).at(-1);
  return { count: list.length, latestDate: latest?.date ?? null, latestAverage: latest ? latest.averageScore : null };
}

/** Where the teacher stands: their latest certified level (a later 'not yet' for a
 * higher level must not read as if they were not certified), else the latest 'not yet'. */
function standing(list: CertificationDoc[]): TrainedTeacher['certification'] {
  const byDate = [...list].sort((a, b) => (a.decidedAt < b.decidedAt ? -1 : 1));
  const latest = byDate.filter((d) => d.decision === 'certified').at(-1) ?? byDate.at(-1);
  return latest ? { levelId: latest.levelId, levelName: latest.levelName, decision: latest.decision, decidedAt: latest.decidedAt } : null;
}
