// The document contract: every stored document has a `type` and an `_id` that
// starts with it (DESIGN.md). Domains add their own document interfaces beside
// this base as they land; the list of types is the one place that names them,
// so validators at central and replication filters can be generated from it.

export interface BaseDoc {
  _id: string;
  _rev?: string;
  type: string;
  /** ISO 8601 time of creation, where the document was made. */
  createdAt: string;
}

/** Where a document type lives: `hub` documents replicate to the hub's own
 * database at central; `local` documents never leave the hub (secrets, sessions,
 * settings that name the hub's own machine); `content` documents are installed
 * from packs or pulled from central's shared library, not pushed back. */
export type Partition = 'hub' | 'local' | 'content';

export const DOCUMENT_TYPES = {
  hub: { partition: 'hub', description: "the truck's identity: name, country, default language" },
  'hub-status': { partition: 'hub', description: "the hub's latest status, written straight to central after each sync attempt (last seen, records waiting, bytes used, budget): never replicated" },
  person: { partition: 'hub', description: 'a learner or staff member, pseudonymous: roles, gender, age band, language, status (no name)' },
  'person-private': { partition: 'local', description: "a person's personal fields, kept on the hub: names, username, birth year, community, guardian contact" },
  account: { partition: 'local', description: "a person's sign-in secrets: username, password and PIN hashes" },
  username: { partition: 'local', description: 'a claim on a username, so two people never share one' },
  session: { partition: 'local', description: 'a signed-in browser: hashed cookie token, CSRF token, last activity' },
  lockout: { partition: 'local', description: 'wrong PIN/password counts per account and per workstation address' },
  'sync-connection': { partition: 'local', description: "central's address and this hub's credentials there (a secret)" },
  'sync-state': { partition: 'local', description: 'sync bookkeeping: last success, errors, refusals, bytes per day, budget' },
  pack: { partition: 'content', description: 'a content pack installed on this hub: id, version, its courses' },
  course: { partition: 'content', description: 'a course: metadata and its modules with lesson ids' },
  lesson: { partition: 'content', description: 'a lesson: Markdown body, activities (answers included), media references' },
  media: { partition: 'content', description: 'a media file kept on disk by its SHA-256: type and size' },
  'course-draft': { partition: 'hub', description: 'a course being written on this hub: metadata and modules, who saved it last (sync/authoring-documents.ts)' },
  'lesson-draft': { partition: 'hub', description: 'a lesson being written on this hub: Markdown and activity blocks, media references, who saved it last' },
  'course-version': { partition: 'hub', description: 'the snapshot of an authored course as published as one version (history and restore)' },
  event: { partition: 'hub', description: 'one immutable learning event (xAPI-like): who, verb, course/lesson/activity, result, when, which workstation' },
  'course-completion': { partition: 'hub', description: "a course completed by a person (every live lesson), recorded once by the hub from their events, so central can count courses completed and certificates issued (sync/course-completion.ts)" },
  class: { partition: 'hub', description: 'a class: name, level, language, visit dates, teachers (co-teaching) and named groups of learners' },
  enrolment: { partition: 'hub', description: 'one learner in one class (id fixed by class and person, so enrolling twice is one document); active false when removed' },
  attendance: { partition: 'hub', description: 'one class session (date, place, teacher) with each learner present, absent or late; editable on its own day only' },
  assignment: { partition: 'hub', description: 'a lesson, course or quiz assigned to a class, a group or chosen learners, with due date and when quiz results show' },
  'observation-criteria': { partition: 'hub', description: "the criteria trainers observe teachers' sessions against, editable by trainers (sync/training-documents.ts)" },
  observation: { partition: 'hub', description: "a trainer's observation of one class session: a score and notes per criterion" },
  'certification-level': { partition: 'hub', description: 'a teacher certification level and what it requires (courses completed, observed sessions at or above a score)' },
  certification: { partition: 'hub', description: "a trainer's certification decision on a teacher (certified or not yet, and why), with its verification code" },
  'course-review': { partition: 'hub', description: "a local course's review by a trainer: every submission and decision, with comments per lesson" },
  'library-submission': { partition: 'hub', description: "an approved local course sent to central's shared library; central publishes it after checking the approval" },
  'library-submission-part': { partition: 'hub', description: "one 256 KiB part of a library submission's pack .zip (attachment), so a large course crosses a slow link in requests that each finish" },
  'roaming-staff': { partition: 'local', description: "a teacher's or trainer's account from another hub, pulled from central so they sign in on every truck (password as a salted scrypt hash)" },
  'staff-exchange': { partition: 'local', description: "the hub's bookkeeping of roaming staff accounts at central: checkpoint of central's changes, its own accounts as central last held them, refusals" },
} as const satisfies Record<string, { partition: Partition; description: string }>;

export type DocumentType = keyof typeof DOCUMENT_TYPES;

/** The hub's settings, written by first-run setup (`hub:<hubId>:settings`). */
export interface HubSettingsDoc extends BaseDoc {
  type: 'hub';
  name: string;
  /** ISO 3166-1 alpha-2, e.g. "KE". */
  country: string;
  /** BCP 47 language the app starts in on a workstation with no saved choice. */
  defaultLanguage: string;
  /** Whether learners flagged `noPin` (young children) may sign in without a PIN. */
  allowNoPin: boolean;
  /** Minutes of inactivity after which a learner's session on a workstation ends. */
  learnerIdleMinutes: number;
  updatedAt: string;
}

export const GENDERS = ['female', 'male', 'other', 'prefer-not-to-say'] as const;
export const AGE_BANDS = ['0-9', '10-14', '15-19', '20-24', '25-34', '35-49', '50+'] as const;

/** A person known to this hub, as it travels to central: pseudonymous (the id,
 * roles and the demographic fields impact reporting groups by). Names and
 * other personal fields are never here: they live in the person's
 * `person-private` document in the local database (DESIGN.md, data principle
 * 6), and central's validator refuses a person that carries one. Secrets are
 * never here either: they live in `account` documents in the local database. */
export interface PersonDoc extends BaseDoc {
  type: 'person';
  roles: string[];
  gender?: (typeof GENDERS)[number];
  ageBand?: (typeof AGE_BANDS)[number];
  language?: string;
  /** A young child who may sign in without a PIN, where the hub allows it. */
  noPin?: boolean;
  /** Whether a PIN is set (the hash itself is in the local `account` document). */
  hasPin?: boolean;
  /** Deactivated people keep their history and cannot sign in. Never hard-deleted. */
  active: boolean;
  updatedAt: string;
}

/** The fields that identify a person and so never leave the hub. Central's
 * validator refuses a `person` document carrying any of them. */
export const PERSONAL_FIELDS = ['givenName', 'familyName', 'username', 'birthYear', 'community', 'guardianContact'] as const;

export interface PersonalFields {
  givenName: string;
  familyName: string;
  /** Staff sign in with a username; most learners have none. */
  username?: string;
  /** Kept on the hub; the person's `ageBand` travels instead. */
  birthYear?: number;
  community?: string;
  guardianContact?: string;
}

/** A person's personal fields (`person-private:<hubId>:<localId>`, the same
 * local id as the person), in the local database, which never replicates. If
 * the hub's disk is lost, these are lost with it: the people CSV export is
 * their backup (sync/README.md says why they are not sent encrypted). */
export interface PersonPrivateDoc extends BaseDoc, PersonalFields {
  type: 'person-private';
  personId: string;
  updatedAt: string;
}

/** The id of a person's `person-private` document. */
export function personPrivateId(personId: string): string {
  if (!personId.startsWith('person:')) throw new Error(`not a person id: ${personId}`);
  return `person-private:${personId.slice('person:'.length)}`;
}

export const EVENT_VERBS = ['opened', 'answered', 'mastered', 'completed', 'submitted', 'typed', 'spent'] as const;
export type EventVerb = (typeof EVENT_VERBS)[number];

/** One learning event (`event:<hubId>:<browser-made id>`), written once by the
 * hub that received it and never edited, so it cannot conflict. `personId` is
 * the signed-in person, never taken from the request body. Progress, mastery and
 * certificates are derived from these; `createdAt` equals `at`. */
export interface EventDoc extends BaseDoc {
  type: 'event';
  personId: string;
  verb: EventVerb;
  object: { courseId: string; lessonId: string; activityId?: string };
  result?: {
    response?: unknown;
    correct?: boolean;
    score?: number;
    durationMs?: number;
    wpm?: number;
    accuracy?: number;
  };
  /** When it happened, by the workstation's clock. */
  at: string;
  /** When the hub wrote it, by the hub's clock. */
  receivedAt: string;
  /** The address of the workstation that sent it. */
  workstation: string;
}

/** A class taught on this hub (`class:<hubId>:<id>`). One writer: the hub that
 * made it. Learners are not listed here but in `enrolment` documents, so that
 * enrolling and editing the class never touch the same document. */
export interface ClassDoc extends BaseDoc {
  type: 'class';
  /** 'cohort': a trainer's cohort of teachers (issue 9), run with the same
   * machinery; absent means a class of learners. */
  kind?: 'class' | 'cohort';
  name: string;
  level?: string;
  language?: string;
  /** Free text, e.g. "Mondays and Thursdays, 9:00". */
  schedule?: string;
  /** Days the truck visits (YYYY-MM-DD), for "today's classes". */
  visitDates: string[];
  /** Person ids of the teachers; the first is the one who made the class. */
  teacherIds: string[];
  groups: { id: string; name: string; learnerIds: string[] }[];
  updatedAt: string;
}

/** `enrolment:<hubId>:<class local id>.<person hub id>.<person local id>`. */
export interface EnrolmentDoc extends BaseDoc {
  type: 'enrolment';
  classId: string;
  personId: string;
  active: boolean;
  updatedAt: string;
}

export const ATTENDANCE_STATUSES = ['present', 'absent', 'late'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** One class session and its attendance (`attendance:<hubId>:<id>`): one
 * document per session, written by one teacher on one day. */
export interface AttendanceDoc extends BaseDoc {
  type: 'attendance';
  /** 'cohort': a session of a trainer's teacher cohort (its class is a cohort),
   * so central reporting counts it as teacher training, not as a class of learners. */
  kind?: 'cohort';
  classId: string;
  /** The session's day (YYYY-MM-DD, hub's local day). */
  date: string;
  place?: string;
  teacherId: string;
  statuses: Record<string, AttendanceStatus>;
  updatedAt: string;
}

/** Work assigned to a class, a group or chosen learners (`assignment:<hubId>:<id>`). */
export interface AssignmentDoc extends BaseDoc {
  type: 'assignment';
  classId: string;
  item: { kind: 'lesson' | 'course' | 'quiz'; id: string };
  target: { kind: 'class' } | { kind: 'group'; groupId: string } | { kind: 'learners'; personIds: string[] };
  dueDate?: string;
  /** 'later': learners see quiz correctness only after the teacher releases it. */
  showResults: 'immediately' | 'later';
  releasedAt?: string;
  createdBy: string;
  updatedAt: string;
}
