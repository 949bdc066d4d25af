// The trainer's home as its page uses it (server/trainer-home/).
import { api } from '../lib/api.ts';
import type { ClassSummary } from '../teach/classes/classes-api.ts';

export interface TrainedTeacher {
  personId: string;
  name: string;
  cohorts: { id: string; name: string }[];
  training: { lessonsAssigned: number; lessonsCompleted: number; percent: number | null; coursesAssigned: number; coursesCompleted: number };
  observations: { count: number; latestDate: string | null; latestAverage: number | null };
  certification: { levelId: string; levelName: string; decision: 'certified' | 'not-yet'; decidedAt: string } | null;
  curricula: { courseId: string; title: string; publishedVersion: number; updatedAt: string; review: 'submitted' | 'changes-requested' | 'approved' | null }[];
  lastActivityAt: string | null;
  stalled: boolean;
}
export interface TrainerHome {
  today: string;
  stalledAfterDays: number;
  cohorts: ClassSummary[];
  teachers: TrainedTeacher[];
  attention: {
    reviews: { courseId: string; title: string; authorId: string; authorName: string; version: number; submittedAt: string }[];
    stalled: { personId: string; name: string; lastActivityAt: string | null; reason: 'never' | 'quiet' }[];
  };
}

export const getTrainerHome = () => api<TrainerHome>('/api/trainer/home');

/** Pages of the other trainer areas, agreed by path: observation, certification, course review. */
export const observePage = (personId: string) => `/train/observe/${encodeURIComponent(personId)}`;
export const certifyPage = (personId: string) => `/train/certify/${encodeURIComponent(personId)}`;
export const reviewPage = (courseId: string) => `/train/review/${encodeURIComponent(courseId)}`;
