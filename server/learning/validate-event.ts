// Per-event rules applied on ingest, after the body's shape: the strict event
// schema, a plausible time, an answer of bounded size, what each verb needs,
// and that the course, lesson and activity exist on this hub. Each failure
// becomes a rejection of that event alone, with a catalogue code.
import { Compile } from 'typebox/compile';
import { Errors } from '../errors.ts';
import { lessonHasActivity, type ContentLookup } from './content-lookup.ts';
import { LearningEvent, MAX_RESPONSE_BYTES } from './schemas.ts';

const checkShape = Compile(LearningEvent);

/** Events before this are certainly a workstation with a dead clock battery. */
const EARLIEST = Date.parse('2020-01-01T00:00:00Z');
/** Workstation clocks drift; more than this ahead of the hub is not a drift. */
const MAX_AHEAD_MS = 5 * 60_000;

export class EventRefused extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

function refuse(error: Error & { code: string }): never {
  throw new EventRefused(error.code, error.message);
}

function describeShapeProblem(event: unknown): string {
  const first = [...checkShape.Errors(event)].find((e) => e.keyword !== 'boolean') ?? [...checkShape.Errors(event)][0];
  return first ? `${first.instancePath || 'the event'} ${first.message}` : 'unknown problem';
}

/** Throws EventRefused, or returns the event typed and checked. */
export async function validateEvent(raw: unknown, content: ContentLookup, now = Date.now()): Promise<LearningEvent> {
  if (!checkShape.Check(raw)) refuse(new Errors.EVENT_INVALID(describeShapeProblem(raw)));
  const event = raw as LearningEvent;

  const at = Date.parse(event.at);
  if (!Number.isFinite(at) || at < EARLIEST || at > now + MAX_AHEAD_MS) refuse(new Errors.EVENT_TIME_INVALID(event.at));

  if (event.result?.response !== undefined && Buffer.byteLength(JSON.stringify(event.result.response)) > MAX_RESPONSE_BYTES) {
    refuse(new Errors.RESPONSE_TOO_LARGE(MAX_RESPONSE_BYTES));
  }

  const { activityId } = event.object;
  const result = event.result ?? {};
  switch (event.verb) {
    case 'answered':
      if (!activityId) refuse(new Errors.EVENT_INVALID('an answered event names its activityId'));
      if (result.correct === undefined && result.score === undefined) refuse(new Errors.EVENT_INVALID('an answered event carries result.correct or result.score'));
      break;
    case 'mastered':
      if (!activityId) refuse(new Errors.EVENT_INVALID('a mastered event names its activityId'));
      break;
    case 'typed':
      if (!activityId || result.wpm === undefined || result.accuracy === undefined) refuse(new Errors.EVENT_INVALID('a typed event names its activityId and carries result.wpm and result.accuracy'));
      break;
    case 'submitted':
      // Without a score only when it carries the answers: a quiz whose results the teacher
      // holds back is marked by the hub, not the browser (classes/report.ts).
      if (result.score === undefined && !(result.response as { answers?: unknown } | undefined)?.answers) {
        refuse(new Errors.EVENT_INVALID('a submitted event carries result.score, or result.response.answers when the results are held'));
      }
      break;
    case 'spent':
      if (result.durationMs === undefined) refuse(new Errors.EVENT_INVALID('a spent event carries result.durationMs'));
      break;
    case 'opened':
    case 'completed':
      break;
  }

  const course = await content.course(event.object.courseId);
  if (!course) refuse(new Errors.UNKNOWN_COURSE(event.object.courseId));
  let lesson = await content.lesson(event.object.lessonId);
  if (!lesson || lesson.courseId !== course.courseId) refuse(new Errors.UNKNOWN_LESSON(event.object.lessonId));
  if (activityId && !lessonHasActivity(lesson, activityId)) {
    // The cached lesson may predate a pack update that added the activity.
    lesson = await content.lesson(event.object.lessonId, true);
    if (!lesson || !lessonHasActivity(lesson, activityId)) refuse(new Errors.UNKNOWN_ACTIVITY(activityId));
  }
  if (event.verb === 'submitted' && !lesson.quiz) refuse(new Errors.EVENT_INVALID(`lesson ${lesson.lessonId} is not a quiz`));
  return event;
}
