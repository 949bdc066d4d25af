// The classes API as the teacher's pages use it (server/classes/).
import { api } from '../../lib/api.ts';

export interface PersonRef { id: string; name: string }
export interface Group { id: string; name: string; learnerIds: string[] }
export interface ClassSummary {
  id: string;
  kind?: 'cohort';
  name: string;
  level?: string;
  language?: string;
  schedule?: string;
  visitDates: string[];
  teachers: PersonRef[];
  learnerCount: number;
  groups: Group[];
  updatedAt: string;
}
export interface ClassView extends ClassSummary { learners: PersonRef[] }
export type Status = 'present' | 'absent' | 'late';
export interface Session {
  id: string;
  date: string;
  place?: string;
  teacher: PersonRef;
  editable: boolean;
  counts: { present: number; late: number; absent: number };
  attendance: { personId: string; status: Status }[];
}
export interface Assignment {
  id: string;
  item: { kind: 'lesson' | 'course' | 'quiz'; id: string; title: string; courseId: string };
  target: { kind: 'class' | 'group' | 'learners'; groupId?: string; personIds?: string[] };
  learnerIds: string[];
  dueDate?: string;
  showResults: 'immediately' | 'later';
  released: boolean;
  createdAt: string;
}
export type CellStatus = 'mastered' | 'tried' | 'struggling' | 'none';
export interface Report {
  classId: string;
  className: string;
  filters: { group: { id: string; name: string } | null; from: string | null; to: string | null };
  generatedAt: string;
  lessons: { lessonId: string; courseId: string; title: string; quiz: boolean; activityIds: string[] }[];
  activities: { id: string; lessonId: string; kind: string; prompt: string }[];
  learners: {
    personId: string; name: string; groups: string[];
    lessonsCompleted: number; activitiesMastered: number; activitiesTried: number; attempts: number;
    quizAveragePercent: number | null; timeLearntMinutes: number;
    typingPractices: number; typingBestWpm: number | null; typingLatestWpm: number | null;
    present: number; late: number; absent: number;
    lessons: ('completed' | 'started' | 'none')[];
    quizzes: (number | null)[];
    cells: { status: CellStatus; attempts: number; bestPercent: number | null }[];
  }[];
  quizzes: { lessonId: string; title: string; submissions: number; learnersSubmitted: number; averageBestPercent: number | null; passed: number; mostMissed: { activityId: string; prompt: string; missed: number; marked: number }[] }[];
  sessions: { date: string; place: string | null; present: number; late: number; absent: number; statuses: Record<string, string> }[];
}
export interface Answer {
  at: string; verb: string; lessonId: string; lessonTitle: string;
  activityId?: string | null; prompt?: string; answer?: string; correct?: boolean | null; scorePercent: number | null;
  questions?: { activityId: string; prompt: string; answer: string; correct: boolean | null; scorePercent: number | null }[];
}
export interface TeacherHome {
  today: string;
  todaysClasses: (ClassSummary & { sessionToday: { present: number; late: number; absent: number } | null })[];
  classes: ClassSummary[];
  struggling: { personId: string; name: string; classId: string; className: string; reason: 'failedAttempts' | 'noProgress'; lessonTitle: string | null; failures: number }[];
  recentSubmissions: { personId: string; name: string; classId: string; className: string; lessonTitle: string; verb: string; scorePercent: number | null; at: string }[];
}

const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) });
type Filters = { group?: string; from?: string; to?: string; courseId?: string };

export function reportQuery(filters: Filters, format?: 'csv'): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  if (format) params.set('format', format);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The class routes under one prefix: /api/classes, or /api/cohorts for a trainer's cohorts (the same routes and shapes). */
export function classesApi(prefix: '/api/classes' | '/api/cohorts') {
  const base = (id: string) => `${prefix}/${encodeURIComponent(id)}`;
  return {
    listClasses: () => api<{ classes: ClassSummary[] }>(prefix),
    createClass: (body: Record<string, unknown>) => api<ClassView>(prefix, json('POST', body)),
    getClass: (id: string) => api<ClassView>(base(id)),
    updateClass: (id: string, body: Record<string, unknown>) => api<ClassView>(base(id), json('PATCH', body)),
    enrol: (id: string, personIds: string[]) => api<ClassView>(`${base(id)}/learners`, json('POST', { personIds })),
    unenrol: (id: string, personId: string) => api<ClassView>(`${base(id)}/learners/${encodeURIComponent(personId)}`, { method: 'DELETE' }),
    listSessions: (id: string) => api<{ sessions: Session[] }>(`${base(id)}/sessions`),
    saveAttendance: (id: string, body: { place?: string; attendance: { personId: string; status: Status }[] }) => api<Session>(`${base(id)}/sessions`, json('POST', body)),
    listAssignments: (id: string) => api<{ assignments: Assignment[] }>(`${base(id)}/assignments`),
    assign: (id: string, body: Record<string, unknown>) => api<Assignment>(`${base(id)}/assignments`, json('POST', body)),
    releaseResults: (id: string, assignmentId: string) => api<Assignment>(`${base(id)}/assignments/${encodeURIComponent(assignmentId)}/release`, { method: 'POST' }),
    getReport: (id: string, filters: Filters) => api<Report>(`${base(id)}/report${reportQuery(filters)}`),
    reportCsvUrl: (id: string, filters: Filters) => `${base(id)}/report${reportQuery(filters, 'csv')}`,
    getAnswers: (id: string, personId: string) => api<{ personId: string; name: string; answers: Answer[] }>(`${base(id)}/learners/${encodeURIComponent(personId)}/answers`),
  };
}
export type ClassesApi = ReturnType<typeof classesApi>;

export const {
  listClasses, createClass, getClass, updateClass, enrol, unenrol, listSessions, saveAttendance, listAssignments, assign, releaseResults, getReport, reportCsvUrl, getAnswers,
} = classesApi('/api/classes');
export const getTeacherHome = () => api<TeacherHome>('/api/teach/home');
