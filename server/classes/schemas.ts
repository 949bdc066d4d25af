// Shapes of the classes API. Types come from the schemas (Static<>), never
// written twice.
import { Type, type Static } from 'typebox';

const NOT_BLANK = '\\S';
const day = (description = 'A day, YYYY-MM-DD') => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
const Day = day();
export const ClassId = Type.String({ pattern: '^class:[^:]+:[^:]+$', maxLength: 100 });
const PersonId = Type.String({ pattern: '^person:[^:]+:[^:]+$', maxLength: 100 });
const PersonIds = Type.Array(PersonId, { minItems: 1, maxItems: 500, uniqueItems: true });
const ContentId = Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9-]*$' });

const GroupInput = Type.Object(
  {
    id: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,40}$', description: 'kept when renaming; made from the name when absent' })),
    name: Type.String({ minLength: 1, maxLength: 60, pattern: NOT_BLANK }),
    learnerIds: Type.Array(PersonId, { maxItems: 500, uniqueItems: true }),
  },
  { additionalProperties: false },
);

const classFields = {
  name: Type.String({ minLength: 1, maxLength: 80, pattern: NOT_BLANK }),
  level: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  language: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}(-[A-Z]{2})?$' })),
  schedule: Type.Optional(Type.String({ maxLength: 200, description: 'free text, e.g. "Mondays 9:00–10:30"' })),
  visitDates: Type.Optional(Type.Array(Day, { maxItems: 366, uniqueItems: true, description: 'days the truck visits' })),
  teacherIds: Type.Optional(Type.Array(PersonId, { minItems: 1, maxItems: 10, uniqueItems: true, description: 'co-teachers; the creator is added when absent' })),
};

export const CreateClassBody = Type.Object(classFields, { additionalProperties: false });
export type CreateClassBody = Static<typeof CreateClassBody>;

export const UpdateClassBody = Type.Object(
  {
    name: Type.Optional(classFields.name),
    level: classFields.level,
    language: classFields.language,
    schedule: classFields.schedule,
    visitDates: classFields.visitDates,
    teacherIds: classFields.teacherIds,
    groups: Type.Optional(Type.Array(GroupInput, { maxItems: 50 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateClassBody = Static<typeof UpdateClassBody>;

const Person = Type.Object({ id: Type.String(), name: Type.String() });

export const ClassSummary = Type.Object({
  id: Type.String(),
  kind: Type.Optional(Type.Literal('cohort', { description: 'present on cohorts only (/api/cohorts): teachers = its trainers, learners = the teachers enrolled' })),
  name: Type.String(),
  level: Type.Optional(Type.String()),
  language: Type.Optional(Type.String()),
  schedule: Type.Optional(Type.String()),
  visitDates: Type.Array(Type.String()),
  teachers: Type.Array(Person),
  learnerCount: Type.Integer(),
  groups: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), learnerIds: Type.Array(Type.String()) })),
  updatedAt: Type.String(),
}, { title: 'ClassSummary' });
export type ClassSummary = Static<typeof ClassSummary>;

export const ClassView = Type.Object({ ...ClassSummary.properties, learners: Type.Array(Person) }, { title: 'Class' });
export type ClassView = Static<typeof ClassView>;

export const ClassList = Type.Object({ classes: Type.Array(ClassSummary) });
export const ClassParams = Type.Object({ id: ClassId });
export const EnrolBody = Type.Object({ personIds: PersonIds }, { additionalProperties: false });
export const LearnerParams = Type.Object({ id: ClassId, personId: PersonId });

export const Status = Type.Union([Type.Literal('present'), Type.Literal('absent'), Type.Literal('late')]);

export const SessionBody = Type.Object(
  {
    date: Type.Optional(day("the session's day; today (the hub's day) when absent. Only today can be written.")),
    place: Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: 'village or place' })),
    attendance: Type.Array(Type.Object({ personId: PersonId, status: Status }, { additionalProperties: false }), { minItems: 1, maxItems: 500 }),
  },
  { additionalProperties: false },
);
export type SessionBody = Static<typeof SessionBody>;

export const SessionView = Type.Object({
  id: Type.String(),
  date: Type.String(),
  place: Type.Optional(Type.String()),
  teacher: Person,
  editable: Type.Boolean({ description: 'true on the day of the session only' }),
  counts: Type.Object({ present: Type.Integer(), late: Type.Integer(), absent: Type.Integer() }),
  attendance: Type.Array(Type.Object({ personId: Type.String(), status: Status })),
}, { title: 'Session' });
export type SessionView = Static<typeof SessionView>;
export const SessionList = Type.Object({ sessions: Type.Array(SessionView) });

const Item = Type.Object({
  kind: Type.Union([Type.Literal('lesson'), Type.Literal('course'), Type.Literal('quiz')], { description: 'quiz: a lesson that is a quiz (an activity set marked together)' }),
  id: ContentId,
}, { additionalProperties: false });
const Target = Type.Union([
  Type.Object({ kind: Type.Literal('class') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('group'), groupId: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('learners'), personIds: PersonIds }, { additionalProperties: false }),
]);

export const AssignBody = Type.Object(
  {
    item: Item,
    target: Type.Optional(Target),
    dueDate: Type.Optional(Day),
    showResults: Type.Optional(Type.Union([Type.Literal('immediately'), Type.Literal('later')], { description: "'later': quiz correctness is hidden from learners until released (default 'immediately')" })),
  },
  { additionalProperties: false },
);
export type AssignBody = Static<typeof AssignBody>;

export const AssignmentView = Type.Object({
  id: Type.String(),
  classId: Type.String(),
  item: Type.Object({ kind: Type.String(), id: Type.String(), title: Type.String(), courseId: Type.String() }),
  target: Type.Object({ kind: Type.String(), groupId: Type.Optional(Type.String()), personIds: Type.Optional(Type.Array(Type.String())) }),
  learnerIds: Type.Array(Type.String(), { description: 'who it is for now' }),
  dueDate: Type.Optional(Type.String()),
  showResults: Type.String(),
  released: Type.Boolean(),
  createdAt: Type.String(),
}, { title: 'Assignment' });
export type AssignmentView = Static<typeof AssignmentView>;
export const AssignmentList = Type.Object({ assignments: Type.Array(AssignmentView) });
export const AssignmentParams = Type.Object({ id: ClassId, assignmentId: Type.String({ pattern: '^assignment:[^:]+:[^:]+$', maxLength: 100 }) });

export const MyAssignment = Type.Object({
  id: Type.String(),
  from: Type.Union([Type.Literal('class'), Type.Literal('cohort')], { description: "'class': from a teacher; 'cohort': from a trainer (a teacher's training)" }),
  className: Type.String(),
  kind: Type.String(),
  itemId: Type.String(),
  title: Type.String(),
  courseId: Type.String(),
  firstLessonId: Type.Union([Type.String(), Type.Null()], { description: 'where to start' }),
  dueDate: Type.Optional(Type.String()),
  resultsHeld: Type.Boolean({ description: 'quiz results are shown later, when the teacher releases them' }),
  done: Type.Boolean(),
});
export const MyAssignments = Type.Object({ assignments: Type.Array(MyAssignment) });

export const ReportQuery = Type.Object(
  {
    group: Type.Optional(Type.String({ maxLength: 40, description: 'only the learners of this group' })),
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    courseId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9-]*$', description: 'columns: this course; default: what the class was assigned' })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  },
  { additionalProperties: false },
);
export type ReportQuery = Static<typeof ReportQuery>;
export const AnswersQuery = Type.Object({ from: Type.Optional(Day), to: Type.Optional(Day) }, { additionalProperties: false });
