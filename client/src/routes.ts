// The route table. Pages load lazily so the first screen carries only the shell.
import type { RouteDef } from './lib/router.svelte.ts';
import { startLessonEarly } from './learn/player/early-start.ts';

export const routes: RouteDef[] = [
  { path: '/', load: () => import('./pages/Home.svelte'), titleKey: 'home.title' },
  { path: '/courses', load: () => import('./browse/Catalogue.svelte'), titleKey: 'content.catalogue.title' },
  { path: '/courses/:id', load: () => import('./browse/CoursePage.svelte'), titleKey: 'content.course.title' },
  { path: '/lessons/:id', load: () => import('./browse/LessonPage.svelte'), titleKey: 'content.lesson.title' },
  { path: '/search', load: () => import('./browse/SearchPage.svelte'), titleKey: 'content.search.title' },
  { path: '/packs/import', load: () => import('./teach/ImportPack.svelte'), titleKey: 'content.import.title' },
  // Course authoring (issue 6): drafts, lessons, learner preview. Specific paths before /teach/courses/:id.
  { path: '/teach/courses', load: () => import('./teach/authoring/CourseList.svelte'), titleKey: 'authoring.list.title' },
  { path: '/teach/courses/:id/lessons/:lessonId/preview', load: () => import('./teach/authoring/LessonPreview.svelte'), titleKey: 'authoring.preview.title' },
  { path: '/teach/courses/:id/lessons/:lessonId', load: () => import('./teach/authoring/LessonEditor.svelte'), titleKey: 'authoring.lesson.pageTitle' },
  { path: '/teach/courses/:id', load: () => import('./teach/authoring/CourseEditor.svelte'), titleKey: 'authoring.course.pageTitle' },
  // People, roles and sign-in (issue 3). Specific paths before /admin/people/:id.
  { path: '/setup', load: () => import('./auth/Setup.svelte'), titleKey: 'auth.setup.title' },
  { path: '/sign-in', load: () => import('./auth/SignIn.svelte'), titleKey: 'auth.signIn.title' },
  { path: '/sign-in/staff', load: () => import('./auth/StaffSignIn.svelte'), titleKey: 'auth.staff.title' },
  { path: '/admin/people', load: () => import('./admin/People.svelte'), titleKey: 'admin.people.title' },
  { path: '/admin/people/import', load: () => import('./admin/ImportPeople.svelte'), titleKey: 'admin.import.title' },
  { path: '/admin/people/:id', load: () => import('./admin/PersonPage.svelte'), titleKey: 'admin.person.title' },
  { path: '/admin/settings', load: () => import('./admin/Settings.svelte'), titleKey: 'admin.settings.title' },
  { path: '/admin/sync', load: () => import('./admin/sync/SyncPanel.svelte'), titleKey: 'sync.title' },
  // The lesson player (issue 5, lesson player).
  { path: '/learn/lessons/:id', load: () => import('./learn/player/LessonPlayer.svelte'), titleKey: 'learn.player.title' },
  // Learner home, course progress, my progress and certificates (issue 5, learner home).
  { path: '/learn', load: () => import('./learn/home/LearnerHome.svelte'), titleKey: 'learnHome.title' },
  { path: '/learn/courses/:id', load: () => import('./learn/home/LearnCourse.svelte'), titleKey: 'learnHome.course.title' },
  { path: '/learn/progress', load: () => import('./learn/progress/MyProgress.svelte'), titleKey: 'learnHome.progress.title' },
  { path: '/learn/certificates/:courseId', load: () => import('./learn/certificate/CertificatePage.svelte'), titleKey: 'learnHome.certificate.pageTitle' },
  // Classes, attendance, assignments and class reports (issue 6, classes). Specific paths before /teach/classes/:id.
  { path: '/teach', load: () => import('./teach/TeacherHome.svelte'), titleKey: 'classes.home.title' },
  { path: '/teach/classes', load: () => import('./teach/classes/ClassList.svelte'), titleKey: 'classes.list.title' },
  { path: '/teach/classes/:id/attendance', load: () => import('./teach/classes/Attendance.svelte'), titleKey: 'classes.attendance.title' },
  { path: '/teach/classes/:id/report', load: () => import('./teach/classes/ClassReport.svelte'), titleKey: 'classes.report.title' },
  { path: '/teach/classes/:id/learners/:personId', load: () => import('./teach/classes/LearnerAnswers.svelte'), titleKey: 'classes.answers.title' },
  { path: '/teach/classes/:id', load: () => import('./teach/classes/ClassPage.svelte'), titleKey: 'classes.class.title' },
  // A teacher's own certificate from a trainer (issue 9), opened from "Feedback from your trainers" on /teach.
  { path: '/teach/certificates/:id', load: () => import('./teach/MyCertificate.svelte'), titleKey: 'certify.certificate.pageTitle' },
  // Curriculum review and the shared library (issue 9).
  { path: '/teach/library', load: () => import('./teach/library/LibraryPage.svelte'), titleKey: 'library.title' },
  { path: '/train/review', load: () => import('./train/review/ReviewList.svelte'), titleKey: 'library.reviews.title' },
  { path: '/train/review/:courseId', load: () => import('./train/review/ReviewPage.svelte'), titleKey: 'library.reviews.pageTitle' },
  // Classroom observation and certification of teachers (issue 9). The certificate before /train/certify/:teacherId.
  { path: '/train/observe', load: () => import('./train/observe/ObservePage.svelte'), titleKey: 'observation.title' },
  { path: '/train/observe/:teacherId', load: () => import('./train/observe/ObservePage.svelte'), titleKey: 'observation.title' },
  { path: '/train/certify', load: () => import('./train/certify/CertifyPage.svelte'), titleKey: 'certify.title' },
  { path: '/train/certify/:teacherId/certificates/:id', load: () => import('./train/certify/TeacherCertificate.svelte'), titleKey: 'certify.certificate.pageTitle' },
  { path: '/train/certify/:teacherId', load: () => import('./train/certify/CertifyPage.svelte'), titleKey: 'certify.title' },
  // Teacher cohorts and the trainer's home (issue 9): the class pages with the cohort area. Specific paths before /train/cohorts/:id.
  { path: '/train', load: () => import('./train/TrainerHome.svelte'), titleKey: 'training.home.title' },
  { path: '/train/cohorts', load: () => import('./train/CohortList.svelte'), titleKey: 'training.cohorts.title' },
  { path: '/train/cohorts/:id/attendance', load: () => import('./train/CohortAttendance.svelte'), titleKey: 'classes.attendance.title' },
  { path: '/train/cohorts/:id/report', load: () => import('./train/CohortReport.svelte'), titleKey: 'training.cohort.reportTitle' },
  { path: '/train/cohorts/:id/learners/:personId', load: () => import('./train/CohortAnswers.svelte'), titleKey: 'classes.answers.title' },
  { path: '/train/cohorts/:id', load: () => import('./train/CohortPage.svelte'), titleKey: 'training.cohort.title' },
];

export const notFoundRoute: RouteDef = {
  path: '*',
  load: () => import('./pages/NotFound.svelte'),
  titleKey: 'notFound.title',
};

// The lesson player's code and lesson start loading with the shell (learn/player/early-start.ts says why).
if (typeof location !== 'undefined') startLessonEarly(location.pathname);
