// Roles are data: one table names every action the API guards and the roles
// allowed to do it. Routes name a capability in `config.capability`; the auth
// hook (guard.ts) checks it before the body is even parsed. A test walks this
// whole table against every registered route and every role.
// Ownership rules that depend on the record (a teacher may edit learners but not
// staff; nobody edits another hub's people) live in the domain services.

export const ROLES = ['learner', 'teacher', 'trainer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const ALL: readonly Role[] = ROLES;

export const CAPABILITIES = {
  /** Read courses, lessons and media (everyone signed in). */
  'content.read': ALL,
  /** Import a content pack into this hub. */
  'content.import': ['teacher', 'admin'],
  /** Export a content pack (to share it, or for a trainer's review). */
  'content.export': ['teacher', 'trainer', 'admin'],
  /** Write, publish, duplicate and translate courses on this hub (drafts, versions, media uploads). */
  'content.author': ['teacher', 'trainer', 'admin'],
  /** Who am I, sign-out of oneself: anyone signed in. */
  'self.read': ALL,
  /** List and read people's profiles. */
  'people.read': ['teacher', 'trainer', 'admin'],
  /** Create and edit learners (enrolment). Staff accounts need people.manage too. */
  'learners.manage': ['teacher', 'admin'],
  /** Create and edit staff accounts and change anyone's roles. */
  'people.manage': ['admin'],
  /** Set a new PIN for a learner who forgot theirs. */
  'pin.reset': ['teacher', 'admin'],
  /** Unlock an account locked after too many wrong PINs or passwords. */
  'account.unlock': ['teacher', 'admin'],
  /** Bulk import of learners from CSV. */
  'people.import': ['teacher', 'admin'],
  /** CSV export of people (personal data: staff who enrol only). */
  'people.export': ['teacher', 'admin'],
  /** The hub's name, country, language and sign-in rules. */
  'settings.manage': ['admin'],
  /** Record one's OWN learning events, check answers, read one's progress and certificates. */
  'learning.record': ALL,
  /** Connect the hub to central, read the sync panel, start a sync, set the data budget. */
  'sync.manage': ['admin'],
  /** See classes, their sessions, assignments and reports (a teacher: only classes they teach; classes/service.ts). */
  'classes.read': ['teacher', 'admin'],
  /** Create classes, enrol learners, take attendance, assign work (a teacher: only classes they teach). */
  'classes.manage': ['teacher', 'admin'],
  /** See teacher cohorts, their sessions, assignments and reports, and the trainer's home (a trainer: only cohorts they run). */
  'cohorts.read': ['trainer', 'admin'],
  /** Create cohorts, enrol teachers, take attendance, assign training courses (a trainer: only cohorts they run). */
  'cohorts.manage': ['trainer', 'admin'],
  /** Submit a course published on this hub for a trainer's review (its author or a co-author). */
  'courses.submit': ['teacher', 'trainer', 'admin'],
  /** Review a submitted course: comment per lesson, request changes or approve (never one's own course). */
  'courses.review': ['trainer'],
  /** Browse the shared library's courses installed on this hub. */
  'library.read': ['teacher', 'trainer', 'admin'],
  /** Read teachers' classroom observations, their trend, the observation criteria and certification levels and decisions. */
  'training.read': ['trainer', 'admin'],
  /** Edit the programme's observation criteria and certification levels. */
  'training.configure': ['trainer', 'admin'],
  /** Observe a teacher's class session (the observer is a trainer: an administrator without the role is refused). */
  'observations.record': ['trainer'],
  /** Certify a teacher or record why not yet (trainers only, not administrators without the role). */
  'certifications.decide': ['trainer'],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof CAPABILITIES;

export const CAPABILITY_NAMES = Object.keys(CAPABILITIES) as Capability[];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Whether a person holding these roles may do this. Several roles add up. */
export function can(roles: readonly string[], capability: Capability): boolean {
  const allowed: readonly string[] = CAPABILITIES[capability];
  return roles.some((role) => allowed.includes(role));
}

/** Roles other than learner: creating or editing such a person needs people.manage. */
export function isStaff(roles: readonly string[]): boolean {
  return roles.some((role) => role !== 'learner');
}
