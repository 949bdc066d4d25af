// Teach-the-teacher (issue 9): the documents trainers and teachers write on a
// hub, and the roaming staff record kept at central. All but `roaming-staff`
// are in partition 'hub' (documents.ts): they reach the hub's database at
// central, where reporting counts teachers observed and certified and where
// the library publisher checks a submission's approval. Ids carry the hub id:
//   observation-criteria:<hubId>:current     the criteria trainers observe against
//   observation:<hubId>:<id>                 one observed class session
//   certification-level:<hubId>:<levelId>    a level and what it requires
//   certification:<hubId>:<id>               a trainer's decision on a teacher
//   course-review:<hubId>:<courseId>         a local course's review, all rounds
//   library-submission:<hubId>:<id>          an approved course sent to central's library
//   library-submission-part:<hubId>:<id>.<n> part n (5 digits) of that submission's pack .zip
// A cohort is a `class` document with `kind: 'cohort'` (documents.ts): its
// learners are teachers, its teachers are trainers.
import type { BaseDoc } from './documents.ts';
import type { StaffAccountFields } from './staff/staff-documents.ts';

/** One criterion of the observation form, e.g. "Preparation". Labels are the
 * trainers' own words (authored text, not UI strings). */
export interface ObservationCriterion {
  id: string;
  label: string;
  /** What a trainer looks for, shown under the label. */
  guidance?: string;
}

/** Scores run from 1 (not yet) to 4 (excellent). */
export const OBSERVATION_SCORE_MIN = 1;
export const OBSERVATION_SCORE_MAX = 4;

export interface ObservationCriteriaDoc extends BaseDoc {
  type: 'observation-criteria';
  criteria: ObservationCriterion[];
  updatedAt: string;
  updatedBy: string;
}

/** A trainer's observation of one class session (an `attendance` document). */
export interface ObservationDoc extends BaseDoc {
  type: 'observation';
  /** The observed teacher (person id; may be a roaming teacher from another hub). */
  teacherId: string;
  /** The observed session: an `attendance` document id. */
  sessionId: string;
  classId: string;
  /** The session's day (YYYY-MM-DD). */
  date: string;
  observerId: string;
  /** Per criterion: the criterion as it read then (criteria change later), its score and notes. */
  scores: { criterionId: string; label: string; score: number; notes?: string }[];
  /** Mean of the scores, two decimals. */
  averageScore: number;
  notes?: string;
  updatedAt: string;
}

/** A certification level and its criteria. */
export interface CertificationLevelDoc extends BaseDoc {
  type: 'certification-level';
  levelId: string;
  name: string;
  /** Position: level 1 before level 2. */
  rank: number;
  requires: {
    /** Course ids the teacher must have completed (every lesson). */
    courseIds: string[];
    /** At least this many observed sessions… */
    observedSessions: number;
    /** …each with an average score at or above this. */
    minAverageScore: number;
  };
  updatedAt: string;
  updatedBy: string;
}

/** A trainer's decision: certified, or not yet and why. */
export interface CertificationDoc extends BaseDoc {
  type: 'certification';
  teacherId: string;
  levelId: string;
  /** The level's name when decided (levels may be renamed later). */
  levelName: string;
  decision: 'certified' | 'not-yet';
  /** Why not yet, or a trainer's remark. */
  reason?: string;
  /** The criteria as evaluated at the moment of the decision. */
  evaluation: { courseIdsCompleted: string[]; courseIdsMissing: string[]; qualifyingObservations: number; met: boolean };
  certifiedBy: string;
  decidedAt: string;
  /** For 'certified': printed on the certificate, checked by the public verification route. */
  verificationCode?: string;
}

export interface ReviewComment {
  /** Absent: about the whole course. */
  lessonId?: string;
  text: string;
}

export interface ReviewRound {
  kind: 'submitted' | 'approve' | 'changes';
  by: string;
  at: string;
  /** The course version submitted or decided on. */
  version: number;
  comments: ReviewComment[];
}

/** A local course's review (`course-review:<hubId>:<courseId>`), every round kept. */
export interface CourseReviewDoc extends BaseDoc {
  type: 'course-review';
  courseId: string;
  authorId: string;
  /** Everyone who wrote this version (submitted, published, last saved the
   * course or a lesson): none of them may review it. */
  authorIds?: string[];
  status: 'submitted' | 'changes-requested' | 'approved';
  /** The version under review (course-version n). */
  version: number;
  rounds: ReviewRound[];
  updatedAt: string;
}

/** An approved course sent to central's shared library. Central's publisher
 * checks it (the approver is a trainer of that hub and not the author, the
 * review says approved for this version, the pack is valid and its hash
 * matches) before publishing; hubs never write the library themselves. */
export interface LibrarySubmissionDoc extends BaseDoc {
  type: 'library-submission';
  courseId: string;
  version: number;
  reviewId: string;
  authorId: string;
  /** As in the review: the approver is none of them. */
  authorIds?: string[];
  approvedBy: string;
  approvedAt: string;
  /** SHA-256 and size of the pack .zip carried with the submission. */
  sha256: string;
  size: number;
  /** The pack .zip (built from the approved course-version), cut into parts:
   * SHA-256 of each `library-submission-part`, in order (written before this
   * document, so central never sees a submission whose parts were never sent). */
  parts?: string[];
  /** Bytes per part (the last may be shorter). */
  partBytes?: number;
}

/** Part `index` of a submission's pack .zip: bytes [index × partBytes, …) as
 * attachment `data`. One document per part, so each crosses the link in its
 * own request however large the course. */
export interface LibrarySubmissionPartDoc extends BaseDoc {
  type: 'library-submission-part';
  /** The `library-submission` document this part belongs to. */
  submissionId: string;
  index: number;
  sha256: string;
  _attachments?: Record<string, { content_type: string; data?: string; digest?: string; length?: number; stub?: boolean }>;
}

/** A staff account from another hub, pulled from central's `darasa-staff`
 * database (`roaming-staff:<username>`, local partition: never pushed). Lets a
 * teacher or trainer sign in on every truck with one account. */
export interface RoamingStaffDoc extends BaseDoc, StaffAccountFields {
  type: 'roaming-staff';
  /** The revision of `staff-account:<username>` at central this copy comes from. */
  centralRev?: string;
  /** Disabled on this hub, not yet written to central (sent at the next sync). */
  pendingDisable?: boolean;
}
