// Course authoring on the hub. Operations:
//   createCourse        a new empty draft (one module, no lessons yet)
//   saveCourse          metadata and structure, refused if the revision read is stale
//   addLesson           a new lesson draft appended to a module
//   saveLesson          text and activity blocks, refused if the revision read is stale
//   publish             validate everything, snapshot it as version n, install it as a pack
//   restore             make a published version the draft again
//   duplicate           copy an installed course (seed, library, local) or a draft with new ids
//   translate           a duplicate in another language, linked with translationOf
// Invariants: drafts live only in the hub database, so learners never see them;
// a stale save never overwrites — "keep mine" is a new save with the latest revision.
import { findMediaReferences } from '../../content/pack/markdown-source.ts';
import { authoringIds, type CourseDraftDoc, type DraftBlock, type DraftModule, type Editor, type LessonDraftDoc } from '../../sync/authoring-documents.ts';
import type { CourseDoc, LessonDoc } from '../../sync/content-documents.ts';
import type { ContentService } from '../content/index.ts';
import { PackRefused } from '../content/import-service.ts';
import { Errors } from '../errors.ts';
import { isConflict } from '../store/repository.ts';
import type { AuthoringRepository } from './repository.ts';
import { bodyToBlocks } from './lesson-blocks.ts';
import { buildDraftPack, packIdFor } from './build-pack.ts';
import { resolveMedia } from './media-upload.ts';
import { validateDraft, type DraftProblem } from './validate-draft.ts';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
function shortId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return [...bytes].map((b) => BASE32[b & 31]).join('');
}

export class CourseInvalid extends Error {
  constructor(readonly problems: DraftProblem[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} to fix first. Learners still see the version published before.`);
  }
}

export interface CourseInput {
  meta: CourseDraftDoc['meta'];
  description: string;
  modules: { id?: string; title: string; lessonIds: string[] }[];
}

export interface LessonInput {
  title: string;
  estimatedMinutes?: number;
  quiz?: LessonDraftDoc['quiz'];
  blocks: DraftBlock[];
}

export class AuthoringService {
  constructor(
    private readonly repository: AuthoringRepository,
    private readonly content: ContentService,
    private readonly hubId: string,
  ) {}

  newId(kind: 'c' | 'm' | 'l' | 'a'): string {
    return `${this.hubId}-${kind}-${shortId()}`;
  }

  listDrafts(): Promise<CourseDraftDoc[]> {
    return this.repository.listCourseDrafts();
  }

  async versions(courseId: string) {
    return (await this.repository.listVersions(courseId)).sort((a, b) => b.version - a.version);
  }

  async getCourse(courseId: string): Promise<CourseDraftDoc> {
    const draft = await this.repository.getCourseDraft(courseId);
    if (!draft) throw new Errors.NOT_FOUND(`no draft of the course ${courseId} on this hub`);
    return draft;
  }

  async getLesson(courseId: string, lessonId: string): Promise<LessonDraftDoc> {
    const lesson = await this.repository.getLessonDraft(lessonId);
    if (!lesson || lesson.courseId !== courseId) throw new Errors.NOT_FOUND(`no draft of the lesson ${lessonId} in course ${courseId}`);
    return lesson;
  }

  async lessonsOf(course: CourseDraftDoc): Promise<LessonDraftDoc[]> {
    return this.repository.getLessonDrafts(course.modules.flatMap((m) => m.lessonIds));
  }

  /** Lesson drafts of the course that no module lists (removed, or dropped by a save over someone's), so none is lost from sight. */
  async unlistedLessons(course: CourseDraftDoc): Promise<LessonDraftDoc[]> {
    const listed = new Set(course.modules.flatMap((m) => m.lessonIds));
    return (await this.repository.listLessonDrafts()).filter((l) => l.courseId === course.courseId && !listed.has(l.lessonId));
  }

  createCourse(meta: CourseDraftDoc['meta'], editor: Editor, moduleTitle: string): Promise<CourseDraftDoc> {
    const now = new Date().toISOString();
    const courseId = this.newId('c');
    return this.repository.put<CourseDraftDoc>({
      _id: authoringIds.courseDraft(this.hubId, courseId), type: 'course-draft', courseId, meta, description: '',
      modules: [{ id: this.newId('m'), title: moduleTitle, lessonIds: [] }],
      publishedVersion: 0, createdAt: now, updatedAt: now, updatedBy: editor,
    });
  }

  async saveCourse(courseId: string, rev: string, input: CourseInput, editor: Editor): Promise<CourseDraftDoc> {
    const current = await this.getCourse(courseId);
    const listed = input.modules.flatMap((m) => m.lessonIds);
    if (new Set(listed).size !== listed.length) throw new Errors.VALIDATION_FAILED('a lesson is listed twice in the modules.');
    const known = new Set((await this.repository.getLessonDrafts(listed)).filter((l) => l.courseId === courseId).map((l) => l.lessonId));
    const unknown = listed.filter((id) => !known.has(id));
    if (unknown.length) throw new Errors.VALIDATION_FAILED(`the lessons ${unknown.join(', ')} are not in this course.`);
    const modules: DraftModule[] = input.modules.map((m) => ({ id: m.id ?? this.newId('m'), title: m.title, lessonIds: m.lessonIds }));
    return this.write({ ...current, _rev: rev, meta: input.meta, description: input.description, modules, updatedAt: new Date().toISOString(), updatedBy: editor }, 'course');
  }

  async addLesson(courseId: string, moduleId: string, title: string, editor: Editor): Promise<LessonDraftDoc> {
    const course = await this.getCourse(courseId);
    if (!course.modules.some((m) => m.id === moduleId)) throw new Errors.NOT_FOUND(`module ${moduleId} in course ${courseId}`);
    const now = new Date().toISOString();
    const lessonId = this.newId('l');
    const lesson = await this.repository.put<LessonDraftDoc>({
      _id: authoringIds.lessonDraft(this.hubId, lessonId), type: 'lesson-draft', lessonId, courseId, title,
      blocks: [], media: {}, createdAt: now, updatedAt: now, updatedBy: editor,
    });
    // Adding a lesson never conflicts with another teacher's edit: it is appended
    // to the latest course draft, retried if someone saved in between.
    for (let attempt = 0; ; attempt++) {
      const latest = await this.getCourse(courseId);
      const modules = latest.modules.map((m) => (m.id === moduleId ? { ...m, lessonIds: [...m.lessonIds, lessonId] } : m));
      try {
        await this.repository.put({ ...latest, modules, updatedAt: now, updatedBy: editor });
        return lesson;
      } catch (error) {
        if (!isConflict(error) || attempt >= 5) throw error;
      }
    }
  }

  async saveLesson(courseId: string, lessonId: string, rev: string, input: LessonInput, editor: Editor): Promise<LessonDraftDoc> {
    const current = await this.getLesson(courseId, lessonId);
    const refs = input.blocks.flatMap((block) => {
      const markdown = block.type === 'text' ? block.markdown : [block.activity.prompt, block.activity.explanation].filter((v) => typeof v === 'string').join('\n\n');
      return findMediaReferences(markdown, 1).map((r) => r.ref);
    });
    const media = await resolveMedia(refs, current.media, this.content.repository);
    const { estimatedMinutes, quiz, ...rest } = input;
    const { estimatedMinutes: _e, quiz: _q, ...base } = current;
    return this.write({
      ...base, ...rest, ...(estimatedMinutes ? { estimatedMinutes } : {}), ...(quiz ? { quiz } : {}),
      _rev: rev, media, updatedAt: new Date().toISOString(), updatedBy: editor,
    }, 'lesson');
  }

  /** Writes a draft with the revision the editor read; a newer one on the hub is a conflict. */
  private async write<T extends CourseDraftDoc | LessonDraftDoc>(doc: T, what: 'course' | 'lesson'): Promise<T> {
    try {
      return await this.repository.put(doc);
    } catch (error) {
      if (!isConflict(error)) throw error;
      const latest = what === 'course' ? await this.repository.getCourseDraft((doc as CourseDraftDoc).courseId) : await this.repository.getLessonDraft((doc as LessonDraftDoc).lessonId);
      throw new EditConflict(what, latest!);
    }
  }

  async publish(courseId: string, editor: Editor) {
    const course = await this.getCourse(courseId);
    const lessons = new Map((await this.lessonsOf(course)).map((l) => [l.lessonId, l]));
    const problems = validateDraft(course, lessons);
    if (problems.length) throw new CourseInvalid(problems);
    const versions = await this.repository.listVersions(courseId);
    const version = Math.max(course.publishedVersion, ...versions.map((v) => v.version)) + 1;
    const built = await buildDraftPack(course, lessons, version, this.content.media);
    if (built.problems.length) throw new CourseInvalid(built.problems);
    const now = new Date().toISOString();
    // The snapshot is written first: its fixed id makes a second publish at the same moment fail here.
    let snapshot;
    try {
      snapshot = await this.repository.put({
        _id: authoringIds.courseVersion(this.hubId, courseId, version), type: 'course-version', courseId, version, publishedAt: now, publishedBy: editor, createdAt: now,
        course: { meta: course.meta, description: course.description, modules: course.modules },
        lessons: [...lessons.values()].map(({ _id, _rev, type, createdAt, updatedAt, updatedBy, ...lesson }) => lesson),
      });
    } catch (error) {
      if (isConflict(error)) throw new Errors.PUBLISH_CONFLICT();
      throw error;
    }
    let report;
    try {
      report = await this.content.importer.importFiles(built.files);
    } catch (error) {
      await this.repository.remove(snapshot);
      if (error instanceof PackRefused) {
        throw new CourseInvalid(error.problems.map((p) => ({ lessonId: null, lessonTitle: null, activityId: null, block: null, message: `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}` })));
      }
      throw error;
    }
    for (let attempt = 0; attempt < 5; attempt++) {
      const latest = await this.getCourse(courseId);
      try {
        await this.repository.put({ ...latest, publishedVersion: version });
        break;
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    }
    const course0 = report.courses[0]!;
    return { courseId, version, packId: packIdFor(courseId), publishedAt: now, lessons: course0.lessons, activities: course0.activities };
  }

  async restore(courseId: string, version: number, editor: Editor): Promise<CourseDraftDoc> {
    const course = await this.getCourse(courseId);
    const snapshot = await this.repository.getVersion(courseId, version);
    if (!snapshot) throw new Errors.NOT_FOUND(`version ${version} of course ${courseId}`);
    const now = new Date().toISOString();
    // Restoring is an explicit choice to replace the drafts, so it writes over
    // the latest revisions, re-reading them if someone saves meanwhile.
    let pending = snapshot.lessons;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= 5) throw new Errors.PUBLISH_CONFLICT();
      const existing = new Map((await this.repository.getLessonDrafts(pending.map((l) => l.lessonId))).map((l) => [l.lessonId, l]));
      const lessonDocs: LessonDraftDoc[] = pending.map((lesson) => {
        const old = existing.get(lesson.lessonId);
        return { ...lesson, _id: authoringIds.lessonDraft(this.hubId, lesson.lessonId), ...(old ? { _rev: old._rev } : {}), type: 'lesson-draft', createdAt: old?.createdAt ?? now, updatedAt: now, updatedBy: editor };
      });
      const failed = new Set(await this.repository.putAll(lessonDocs));
      pending = pending.filter((l) => failed.has(authoringIds.lessonDraft(this.hubId, l.lessonId)));
    }
    for (let attempt = 0; ; attempt++) {
      const latest = attempt === 0 ? course : await this.getCourse(courseId);
      try {
        return await this.repository.put({ ...latest, ...snapshot.course, updatedAt: now, updatedBy: editor });
      } catch (error) {
        if (!isConflict(error) || attempt >= 5) throw error;
      }
    }
  }

  /** Copies a course with new ids. The source is a draft of this hub, or else an installed course. */
  async duplicate(sourceId: string, editor: Editor, changes: { title?: string; language?: string; translation?: boolean }): Promise<CourseDraftDoc> {
    const source = await this.sourceOf(sourceId);
    const now = new Date().toISOString();
    const courseId = this.newId('c');
    const lessonIds = new Map<string, string>();
    const lessons: LessonDraftDoc[] = source.lessons.map((lesson) => {
      const lessonId = this.newId('l');
      lessonIds.set(lesson.lessonId, lessonId);
      const blocks = lesson.blocks.map((block): DraftBlock => (block.type === 'activity' ? { type: 'activity', activity: { ...structuredClone(block.activity), id: this.newId('a') } } : { ...block }));
      return {
        _id: authoringIds.lessonDraft(this.hubId, lessonId), type: 'lesson-draft', lessonId, courseId, title: lesson.title,
        ...(lesson.estimatedMinutes ? { estimatedMinutes: lesson.estimatedMinutes } : {}), ...(lesson.quiz ? { quiz: lesson.quiz } : {}),
        blocks, media: lesson.media, createdAt: now, updatedAt: now, updatedBy: editor,
      };
    });
    const meta = { ...source.meta, ...(changes.title ? { title: changes.title } : {}), ...(changes.language ? { language: changes.language } : {}) };
    if (changes.translation) meta.translationOf = source.meta.translationOf ?? source.courseId;
    else delete meta.translationOf;
    const failed = await this.repository.putAll(lessons);
    if (failed.length) throw new Error(`could not write lesson drafts ${failed.join(', ')}`);
    return this.repository.put<CourseDraftDoc>({
      _id: authoringIds.courseDraft(this.hubId, courseId), type: 'course-draft', courseId, meta, description: source.description,
      modules: source.modules.map((m) => ({ id: this.newId('m'), title: m.title, lessonIds: m.lessonIds.flatMap((id) => (lessonIds.has(id) ? [lessonIds.get(id)!] : [])) })),
      copiedFrom: source.courseId, publishedVersion: 0, createdAt: now, updatedAt: now, updatedBy: editor,
    });
  }

  private async sourceOf(courseId: string) {
    const draft = await this.repository.getCourseDraft(courseId);
    if (draft) return { courseId, meta: draft.meta, description: draft.description, modules: draft.modules, lessons: await this.lessonsOf(draft) };
    const course = await this.content.repository.getCourse(courseId);
    if (!course || course.retired) throw new Errors.NOT_FOUND(`course ${courseId}`);
    const lessons = await this.content.repository.getLessons(course.modules.flatMap((m) => m.lessonIds));
    return { courseId, meta: metaOf(course), description: course.description, modules: course.modules, lessons: lessons.filter((l) => !l.retired).map(lessonSource) };
  }
}

function metaOf(course: CourseDoc): CourseDraftDoc['meta'] {
  return {
    title: course.title, language: course.language, level: course.level, tags: [...course.tags], estimatedMinutes: course.estimatedMinutes,
    licence: course.licence, authors: [...course.authors], audience: course.audience, ...(course.translationOf ? { translationOf: course.translationOf } : {}),
  };
}

function lessonSource(lesson: LessonDoc) {
  return { lessonId: lesson.lessonId, title: lesson.title, estimatedMinutes: lesson.estimatedMinutes, quiz: lesson.quiz, blocks: bodyToBlocks(lesson.body, lesson.activities), media: lesson.media };
}

export class EditConflict extends Error {
  constructor(
    readonly what: 'course' | 'lesson',
    readonly latest: CourseDraftDoc | LessonDraftDoc,
  ) {
    super(`This ${what} was changed since you opened it (revision ${latest._rev}) — reload or keep yours.`);
  }
}
