// The central dashboard's API from the browser (server/central-dashboard/routes.ts):
// the same conventions as the hub's (lib/api.ts: JSON, `{ code, message }`
// errors, the CSRF token on state-changing calls), other paths.
import { api, setCsrfToken } from '../lib/api.ts';

export interface StaffUser {
  username: string;
  roles: string[];
}

export interface FleetHub {
  hubId: string;
  name: string | null;
  country: string | null;
  softwareVersion: string | null;
  lastSuccessAt: string | null;
  lastSeenAt: string | null;
  stale: boolean;
  pending: { total: number; byKind: Record<string, number> };
  bytes: { today: { sent: number; received: number }; month: { sent: number; received: number } } | null;
  budget: { dailyBytes: number | null; monthlyBytes: number | null; reached: 'day' | 'month' | null } | null;
  refused: number;
  conflicts: number;
  lastError: string | null;
}

export const FIGURES = ['learnersReached', 'newLearners', 'teachersTrained', 'classSessions', 'attendanceHours', 'learningHours', 'lessonsCompleted', 'coursesCompleted', 'certificatesIssued', 'averageQuizScore', 'typingGainWpm', 'events'] as const;
export type FigureName = (typeof FIGURES)[number];
export type Figures = Record<FigureName, number | null>;

export interface ImpactReport {
  from: string;
  to: string;
  groupBy: string;
  computedAt: string;
  complete: boolean;
  hubs: { hubId: string; name: string | null; country: string | null; ready: boolean; rebuilt: boolean }[];
  total: Figures;
  groups: { key: string; label: string; figures: Figures }[];
}

export const GROUPINGS = ['hub', 'country', 'course', 'month', 'gender', 'ageBand'] as const;

type HubState = ImpactReport['hubs'][number];

/** Issue 9's trainer figures (GET /api/central/trainers). */
export const TRAINER_FIGURES = ['teachersTrained', 'teachersCompletedTraining', 'teachersObserved', 'observations', 'averageObservationScore', 'teachersCertified'] as const;
export const TRAINER_GROUPINGS = ['hub', 'country', 'month'] as const;
export type TrainerFigures = Record<(typeof TRAINER_FIGURES)[number], number | null> & { certifiedByLevel: Record<string, number> };
export interface TrainerReport {
  from: string;
  to: string;
  groupBy: string;
  computedAt: string;
  complete: boolean;
  hubs: HubState[];
  levels: string[];
  total: TrainerFigures;
  groups: { key: string; label: string; figures: TrainerFigures }[];
}

/** Library courses and their use per hub (GET /api/central/library). */
export interface LibraryReport {
  from: string;
  to: string;
  computedAt: string;
  complete: boolean;
  hubs: HubState[];
  courses: {
    courseId: string;
    packId: string;
    packTitle: string;
    version: string;
    learners: number;
    completions: number;
    hubsUsing: number;
    byHub: { hubId: string; label: string; learners: number; completions: number }[];
  }[];
}

class CentralSession {
  user = $state<StaffUser | null>(null);
  checked = $state(false);

  async load(): Promise<void> {
    try {
      const answer = await api<{ user: StaffUser; csrfToken: string }>('/api/central/session');
      this.user = answer.user;
      setCsrfToken(answer.csrfToken);
    } catch {
      this.user = null;
    }
    this.checked = true;
  }

  async signIn(username: string, password: string): Promise<void> {
    const answer = await api<{ user: StaffUser; csrfToken: string }>('/api/central/session', { method: 'POST', body: JSON.stringify({ username, password }) });
    this.user = answer.user;
    setCsrfToken(answer.csrfToken);
  }

  async signOut(): Promise<void> {
    await api('/api/central/session', { method: 'DELETE' }).catch(() => undefined);
    this.user = null;
    setCsrfToken(null);
  }
}

export const centralSession = new CentralSession();

export function impactQuery(from: string, to: string, groupBy: string, hubs: string[] = []): string {
  const params = new URLSearchParams({ from, to, groupBy });
  if (hubs.length) params.set('hubs', hubs.join(','));
  return params.toString();
}

export const fetchFleet = () => api<{ computedAt: string; staleDays: number; hubs: FleetHub[] }>('/api/central/hubs');
export interface HistoryEntry {
  at: string;
  lastSuccessAt: string | null;
  ok: boolean;
  lastError: string | null;
  pending: number;
  sentToday: number;
  receivedToday: number;
}

export const fetchHub = (hubId: string) => api<FleetHub & { history: HistoryEntry[] }>(`/api/central/hubs/${encodeURIComponent(hubId)}`);
export const fetchImpact = (query: string) => api<ImpactReport>(`/api/central/impact?${query}`);
export const fetchTrainers = (query: string) => api<TrainerReport>(`/api/central/trainers?${query}`);
export const fetchLibrary = (query: string) => api<LibraryReport>(`/api/central/library?${query}`);

/** A table as CSV text (for tables the API does not serve as CSV, such as the fleet). */
export function toCsv(rows: (string | number | null)[][]): string {
  const cell = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    return /[",\n\r]/.test(text) || /^[=+\-@]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

export function downloadCsv(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The first and last day of the month `offset` months from today (0: this month). */
export function monthRange(offset = 0, now = new Date()): { from: string; to: string } {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset + 1, 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}
