// Where the class pages are used: a teacher's classes (/teach/classes, the
// classes API) or a trainer's cohorts of teachers (/train/cohorts, the cohorts
// API: the same routes and shapes). The pages take an `area` prop; the cohort
// pages in client/src/train/ pass COHORT_AREA. Strings that name learners or
// classes are swapped for the training area's words (client/locales/training/).
import { classesApi, type ClassesApi } from './classes-api.ts';

export interface ClassArea {
  kind: 'class' | 'cohort';
  api: ClassesApi;
  /** Who may open the pages. */
  roles: string[];
  /** A page of one class or cohort: '' (its page), '/attendance', '/report', '/learners/<id>'. */
  page: (id: string, page?: string) => string;
  /** Whom the enrol search looks for, and who may run it beside its creator. */
  memberRole: 'learner' | 'teacher';
  runnerRole: 'teacher' | 'trainer';
  /** The string key to show for a classes.* key. */
  key: (key: string) => string;
}

export const CLASS_AREA: ClassArea = {
  kind: 'class',
  api: classesApi('/api/classes'),
  roles: ['teacher', 'admin'],
  page: (id, page = '') => `/teach/classes/${encodeURIComponent(id)}${page}`,
  memberRole: 'learner',
  runnerRole: 'teacher',
  key: (key) => key,
};

const COHORT_KEYS: Record<string, string> = {
  'classes.list.heading': 'training.cohorts.heading',
  'classes.list.none': 'training.cohorts.none',
  'classes.list.create': 'training.cohorts.create',
  'classes.list.createButton': 'training.cohorts.createButton',
  'classes.fields.name': 'training.cohorts.name',
  'classes.learnerCount': 'training.teacherCount',
  'classes.learner': 'training.teacher',
  'classes.backToClass': 'training.cohort.back',
  'classes.class.teachers': 'training.cohort.trainers',
  'classes.class.learners': 'training.cohort.teachers',
  'classes.class.removeNamed': 'training.cohort.removeNamed',
  'classes.class.enrol': 'training.cohort.enrol',
  'classes.class.search': 'training.cohort.search',
  'classes.class.enrolButton': 'training.cohort.enrolButton',
  'classes.class.coTeacher': 'training.cohort.coTrainer',
  'classes.groups.members': 'training.cohort.groupMembers',
  'classes.assign.wholeClass': 'training.cohort.wholeCohort',
  'classes.assign.chosen': 'training.cohort.chosen',
  'classes.report.allLearners': 'training.cohort.allTeachers',
  'classes.report.noLearners': 'training.cohort.noTeachers',
  'classes.report.figures': 'training.cohort.figures',
  'classes.report.quizLine': 'training.cohort.quizLine',
  'classes.assign.immediately': 'training.cohort.immediately',
  'classes.assign.release': 'training.cohort.release',
};

export const COHORT_AREA: ClassArea = {
  kind: 'cohort',
  api: classesApi('/api/cohorts'),
  roles: ['trainer', 'admin'],
  page: (id, page = '') => `/train/cohorts/${encodeURIComponent(id)}${page}`,
  memberRole: 'teacher',
  runnerRole: 'trainer',
  key: (key) => COHORT_KEYS[key] ?? key,
};
