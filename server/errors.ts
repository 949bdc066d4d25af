// The error catalogue: every error the API answers with has a stable `code`
// (clients translate by code; scripts branch on it) and an English `message`
// a person can act on. Answers are `{ code, message }`; 5xx details stay in the log.
import createError from '@fastify/error';

export const Errors = {
  NOT_FOUND: createError('NOT_FOUND', 'Nothing here: %s', 404),
  VALIDATION_FAILED: createError('VALIDATION_FAILED', 'The request is not valid: %s', 400),
  INVALID_JSON: createError('INVALID_JSON', 'The request body is not valid JSON.', 400),
  BODY_TOO_LARGE: createError('BODY_TOO_LARGE', 'The request body is too large (limit %s bytes).', 413),
  UNSUPPORTED_MEDIA_TYPE: createError('UNSUPPORTED_MEDIA_TYPE', 'This content type is not accepted here: %s', 415),
  METHOD_NOT_ALLOWED: createError('METHOD_NOT_ALLOWED', 'This method is not allowed here.', 405),
  STORE_UNAVAILABLE: createError('STORE_UNAVAILABLE', 'The hub cannot reach its data store right now. Try again in a moment.', 503),
  INTERNAL_ERROR: createError('INTERNAL_ERROR', 'Something went wrong on the hub. It has been logged; please try again.', 500),
  // People, roles and sign-in (issue 3).
  UNAUTHENTICATED: createError('UNAUTHENTICATED', 'Sign in first: this needs a signed-in person.', 401),
  FORBIDDEN: createError('FORBIDDEN', 'You are signed in, but your role does not allow this: %s', 403),
  CSRF_INVALID: createError('CSRF_INVALID', 'The request lacks a valid x-csrf-token header. Get one from GET /api/session/csrf.', 403),
  INVALID_CREDENTIALS: createError('INVALID_CREDENTIALS', 'The username and password (or name and PIN) do not match.', 401),
  ACCOUNT_LOCKED: createError('ACCOUNT_LOCKED', 'Too many wrong tries: this account is locked. Ask your teacher to unlock it, or wait %s minutes.', 423),
  TOO_MANY_ATTEMPTS: createError('TOO_MANY_ATTEMPTS', 'Too many wrong tries from this workstation. Wait %s minutes, or ask your teacher.', 429),
  ACCOUNT_INACTIVE: createError('ACCOUNT_INACTIVE', 'This account has been deactivated. Ask an administrator.', 403),
  SETUP_DONE: createError('SETUP_DONE', 'This hub is already set up. Sign in as an administrator to change its settings.', 409),
  SETUP_REQUIRED: createError('SETUP_REQUIRED', 'This hub is not set up yet. Open the app and complete setup (or run "npx darasa setup").', 409),
  USERNAME_TAKEN: createError('USERNAME_TAKEN', 'The username "%s" is already in use. Choose another.', 409),
  PERSON_INVALID: createError('PERSON_INVALID', 'This person cannot be saved: %s', 400),
  NOT_OWN_HUB: createError('NOT_OWN_HUB', 'This person belongs to another hub and can only be changed there.', 403),
  CSV_INVALID: createError('CSV_INVALID', 'The CSV file cannot be imported: %s', 400),
  PACK_UNREADABLE: createError('PACK_UNREADABLE', 'The pack cannot be read: %s Nothing on the hub was changed.', 400),
  PACK_TOO_LARGE: createError('PACK_TOO_LARGE', 'The pack is larger than the %s this hub accepts. Nothing on the hub was changed.', 413),
  PACK_INVALID: createError('PACK_INVALID', 'The pack was not imported because it has problems to fix; nothing on the hub was changed.', 422),
  PACK_OLDER: createError('PACK_OLDER', 'This pack is older than the installed version; nothing was changed. Import it with force to go back.', 409),
  COURSE_OLDER: createError('COURSE_OLDER', 'A course in this pack is older than the installed one; nothing was changed. Import it with force to go back.', 409),
  // Learning events, answer checks, progress and certificates (issue 5).
  EVENT_INVALID: createError('EVENT_INVALID', 'This event is not valid: %s', 400),
  EVENT_TIME_INVALID: createError('EVENT_TIME_INVALID', 'The event time %s is not possible: it must be after 2020 and not more than 5 minutes ahead of the hub\'s clock.', 400),
  DUPLICATE_EVENT_CONFLICT: createError('DUPLICATE_EVENT_CONFLICT', 'An event with id %s was already recorded with different content; an event id is never reused.', 409),
  UNKNOWN_COURSE: createError('UNKNOWN_COURSE', 'There is no course %s on this hub.', 404),
  UNKNOWN_LESSON: createError('UNKNOWN_LESSON', 'There is no lesson %s in this course on this hub.', 404),
  UNKNOWN_ACTIVITY: createError('UNKNOWN_ACTIVITY', 'There is no activity %s on this hub.', 404),
  RESPONSE_TOO_LARGE: createError('RESPONSE_TOO_LARGE', 'The answer is too large (limit %s bytes).', 413),
  RESPONSE_INVALID: createError('RESPONSE_INVALID', 'This answer does not fit the activity: %s', 400),
  EVENTS_FLOOD: createError('EVENTS_FLOOD', 'Too many events (more than %s a minute) from this person or workstation. Nothing in this request was saved; send it again in a minute.', 429),
  NOT_COMPLETED: createError('NOT_COMPLETED', 'The course %s is not completed yet, so there is no certificate.', 404),
  PAIRING_CODE_INVALID: createError('PAIRING_CODE_INVALID', 'This pairing code cannot be used: %s', 400),
  CENTRAL_CONNECTION_FAILED: createError('CENTRAL_CONNECTION_FAILED', '%s Nothing was saved.', 422),
  // Classes, attendance, assignments and reports (issue 6).
  NOT_YOUR_CLASS: createError('NOT_YOUR_CLASS', 'You do not teach the class %s. Ask one of its teachers or an administrator to add you as a co-teacher.', 403),
  NOT_LEARNERS: createError('NOT_LEARNERS', 'These people cannot be enrolled because they are not active learners on this hub: %s', 400),
  NOT_IN_CLASS: createError('NOT_IN_CLASS', 'These learners are not enrolled in this class: %s. Enrol them first.', 400),
  NOT_TEACHERS: createError('NOT_TEACHERS', 'These people cannot teach the class because they are not active teachers or administrators: %s', 400),
  ATTENDANCE_CLOSED: createError('ATTENDANCE_CLOSED', 'The attendance of %s can no longer be changed: attendance is editable on the day of the session only.', 409),
  UNKNOWN_GROUP: createError('UNKNOWN_GROUP', 'This class has no group %s.', 400),
  UNKNOWN_CONTENT: createError('UNKNOWN_CONTENT', 'There is no %s on this hub to assign.', 400),
  // Teacher cohorts (issue 9): classes whose learners are teachers, run by trainers.
  NOT_YOUR_COHORT: createError('NOT_YOUR_COHORT', 'You do not run the cohort %s. Ask one of its trainers or an administrator to add you.', 403),
  NOT_COHORT_TEACHERS: createError('NOT_COHORT_TEACHERS', 'These people cannot be enrolled in a cohort because they are not active teachers on this hub: %s. A cohort enrols teachers; learners join classes.', 400),
  NOT_IN_COHORT: createError('NOT_IN_COHORT', 'These teachers are not enrolled in this cohort: %s. Enrol them first.', 400),
  NOT_TRAINERS: createError('NOT_TRAINERS', 'These people cannot run the cohort because they are not active trainers or administrators: %s', 400),
  SYNC_NOT_CONNECTED: createError('SYNC_NOT_CONNECTED', 'This hub is not connected to central yet. Enter the pairing code from central first.', 409),
  CONFLICT_NOT_FOUND: createError('CONFLICT_NOT_FOUND', 'The record %s has no conflicting versions (any more). Reload the list of conflicts; nothing was changed.', 404),
  CONFLICT_REV_UNKNOWN: createError('CONFLICT_REV_UNKNOWN', 'The version %s is not one of the current versions of %s (someone may have resolved it already). Reload the conflict and choose again; nothing was changed.', 409),
  CONFLICT_EVENT: createError('CONFLICT_EVENT', '%s is a learning event: events are written once and never edited, so one version is never deleted to resolve a conflict. Nothing was changed; tell the central office.', 422),
  // Course authoring (issue 6).
  EDIT_CONFLICT: createError('EDIT_CONFLICT', '%s', 409),
  COURSE_INVALID: createError('COURSE_INVALID', 'The course was not published: %s', 422),
  PUBLISH_CONFLICT: createError('PUBLISH_CONFLICT', 'Someone else is publishing this course right now. Wait a moment and publish again.', 409),
  MEDIA_REFUSED: createError('MEDIA_REFUSED', 'This file cannot be added to a lesson: %s', 415),
  MEDIA_TOO_LARGE: createError('MEDIA_TOO_LARGE', 'This file is larger than the %s a lesson file may be. Make it smaller (shorter, or lower resolution) and upload it again.', 413),
  // Central reporting (issue 8).
  UNKNOWN_HUB: createError('UNKNOWN_HUB', 'There is no hub %s at central. The fleet page lists the registered hubs.', 404),
  IMPACT_RANGE_INVALID: createError('IMPACT_RANGE_INVALID', 'This date range cannot be reported: %s', 400),
  STAFF_EXISTS: createError('STAFF_EXISTS', 'A central staff account named "%s" already exists. Choose another name.', 409),
  UNKNOWN_STAFF: createError('UNKNOWN_STAFF', 'There is no central staff account named "%s".', 404),
  CENTRAL_UNAVAILABLE: createError('CENTRAL_UNAVAILABLE', 'The dashboard cannot read central right now: %s Try again in a moment.', 503),
  // Classroom observation and certification (issue 9).
  UNKNOWN_SESSION: createError('UNKNOWN_SESSION', 'There is no class session %s on this hub. Pick the session from the class\'s list of sessions (attendance must have been taken that day).', 404),
  NOT_SESSION_TEACHER: createError('NOT_SESSION_TEACHER', 'The teacher %s did not teach this session: observe a session of a class they teach.', 400),
  UNKNOWN_CRITERIA: createError('UNKNOWN_CRITERIA', 'The observation scores do not match the current criteria: %s. Reload the form and score every criterion once.', 400),
  CRITERIA_INVALID: createError('CRITERIA_INVALID', 'These observation criteria cannot be saved: %s', 400),
  UNKNOWN_TEACHER: createError('UNKNOWN_TEACHER', 'There is no active teacher %s on this hub.', 404),
  UNKNOWN_LEVEL: createError('UNKNOWN_LEVEL', 'There is no certification level %s. The list of levels is at GET /api/certifications/levels.', 404),
  LEVEL_INVALID: createError('LEVEL_INVALID', 'This certification level cannot be saved: %s', 400),
  CERTIFICATION_NOT_MET: createError('CERTIFICATION_NOT_MET', 'The teacher does not meet this level yet: %s. Record "not yet" with a reason instead.', 422),
  REASON_REQUIRED: createError('REASON_REQUIRED', 'Say why the teacher is not certified yet: a "not yet" decision needs a reason.', 400),
  // Curriculum review and the shared library (issue 9).
  COURSE_NOT_LOCAL: createError('COURSE_NOT_LOCAL', 'The course %s was not written on this hub: only courses authored here can be submitted for review. Duplicate it to adapt it, then submit your copy.', 404),
  COURSE_NOT_PUBLISHED: createError('COURSE_NOT_PUBLISHED', 'The course %s has never been published. Publish it first, then submit the published version for review.', 409),
  ALREADY_SUBMITTED: createError('ALREADY_SUBMITTED', '%s', 409),
  NOT_UNDER_REVIEW: createError('NOT_UNDER_REVIEW', '%s', 409),
  OWN_COURSE: createError('OWN_COURSE', 'You wrote or submitted this course, so you cannot review it: another trainer must review it.', 403),
  REVIEW_CONFLICT: createError('REVIEW_CONFLICT', 'Someone else changed this review just now. Reload it and try again; nothing was saved.', 409),
} as const;

export type ErrorCode = keyof typeof Errors;

export const ERROR_CODES = Object.keys(Errors) as ErrorCode[];
