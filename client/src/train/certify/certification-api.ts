// The certification API as the trainer's pages use it (server/training/certification-*).
import { api } from '../../lib/api.ts';

export interface Requires { courseIds: string[]; observedSessions: number; minAverageScore: number }
export interface Level {
  levelId: string;
  name: string;
  rank: number;
  requires: Requires;
  isDefault: boolean;
  courses: { courseId: string; title: string | null }[];
  updatedAt: string | null;
}
export interface Evaluation { courseIdsCompleted: string[]; courseIdsMissing: string[]; qualifyingObservations: number; met: boolean }
export interface Decision {
  id: string;
  teacherId: string;
  teacherName: string;
  levelId: string;
  levelName: string;
  decision: 'certified' | 'not-yet';
  reason?: string;
  evaluation: Evaluation;
  certifiedBy: string;
  certifiedByName: string;
  decidedAt: string;
  verificationCode?: string;
  hubName: string;
}
export interface TeacherEvaluation {
  teacherId: string;
  teacherName: string;
  observedSessions: { sessionId: string; date: string; averageScore: number }[];
  levels: { levelId: string; name: string; requires: Requires; courses: { courseId: string; title: string | null }[]; evaluation: Evaluation; certified: Decision | null }[];
}

const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) });
const enc = encodeURIComponent;

export const listLevels = () => api<{ levels: Level[] }>('/api/certifications/levels');
export const saveLevel = (levelId: string, body: { name: string; rank?: number; requires: Requires }) => api<Level>(`/api/certifications/levels/${enc(levelId)}`, json('PUT', body));
export const evaluateTeacher = (teacherId: string) => api<TeacherEvaluation>(`/api/certifications/teachers/${enc(teacherId)}/evaluation`);
export const listDecisions = (teacherId: string) => api<{ certifications: Decision[] }>(`/api/certifications?teacherId=${enc(teacherId)}`);
export const decide = (body: { teacherId: string; levelId: string; decision: 'certified' | 'not-yet'; reason?: string }) => api<Decision>('/api/certifications', json('POST', body));
/** The signed-in teacher's own certificate (404 NO_SUCH_CERTIFICATE / NOT_CERTIFIED_YET otherwise). */
export const myCertificate = (id: string) => api<Decision>(`/api/me/certifications/${enc(id)}`);
