// The observation API as the trainer's pages use it (server/training/observations-*).
import { api } from '../../lib/api.ts';

export interface Criterion { id: string; label: string; guidance?: string }
export interface CriteriaView { criteria: Criterion[]; isDefault: boolean; updatedAt: string | null; updatedBy: string | null }
export interface TeacherSummary { id: string; name: string; observations: number; latestAverage: number | null; latestObservedOn: string | null }
export interface TeacherSessions {
  teacherId: string;
  teacherName: string;
  classes: { id: string; name: string; sessions: { id: string; date: string; present: number; observed: boolean }[] }[];
}
export interface Score { criterionId: string; label: string; score: number; notes?: string }
export interface Observation {
  id: string;
  teacherId: string;
  teacherName: string;
  sessionId: string;
  classId: string;
  className: string;
  date: string;
  observerId: string;
  observerName: string;
  scores: Score[];
  averageScore: number;
  notes?: string;
  createdAt: string;
}
export interface Trend {
  teacherId: string;
  criteria: { id: string; label: string }[];
  points: { observationId: string; date: string; averageScore: number; scores: Record<string, number> }[];
  summary: { criterionId: string; count: number; mean: number; first: number; latest: number; change: number }[];
}
export interface ObservationInput {
  teacherId: string;
  sessionId: string;
  scores: { criterionId: string; score: number; notes?: string }[];
  notes?: string;
}

const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) });
const enc = encodeURIComponent;

export const getCriteria = () => api<CriteriaView>('/api/observations/criteria');
export const saveCriteria = (criteria: { id?: string; label: string; guidance?: string }[]) => api<CriteriaView>('/api/observations/criteria', json('PUT', { criteria }));
export const listTeachers = () => api<{ teachers: TeacherSummary[] }>('/api/observations/teachers');
export const teacherSessions = (teacherId: string) => api<TeacherSessions>(`/api/observations/teachers/${enc(teacherId)}/sessions`);
export const teacherTrend = (teacherId: string) => api<Trend>(`/api/observations/teachers/${enc(teacherId)}/trend`);
export const observationHistory = (teacherId: string) => api<{ observations: Observation[] }>(`/api/observations?teacherId=${enc(teacherId)}`);
export const recordObservation = (input: ObservationInput) => api<Observation>('/api/observations', json('POST', input));
