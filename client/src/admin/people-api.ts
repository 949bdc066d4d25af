// The admin pages' calls to the people API.
import { api } from '../lib/api.ts';

export const ROLES = ['learner', 'teacher', 'trainer', 'admin'] as const;
export const GENDERS = ['female', 'male', 'other', 'prefer-not-to-say'] as const;
export const AGE_BANDS = ['0-9', '10-14', '15-19', '20-24', '25-34', '35-49', '50+'] as const;

export interface Person {
  id: string;
  givenName: string;
  familyName: string;
  displayName: string;
  roles: string[];
  username?: string;
  gender?: string;
  birthYear?: number;
  ageBand?: string;
  community?: string;
  language?: string;
  guardianContact?: string;
  noPin?: boolean;
  hasPin: boolean;
  active: boolean;
  locked: boolean;
}

export function listPeople(query: { q?: string; includeInactive?: boolean }): Promise<{ people: Person[]; total: number }> {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.includeInactive) params.set('includeInactive', 'true');
  return api(`/api/people?${params}`);
}

export const getPerson = (id: string) => api<Person>(`/api/people/${encodeURIComponent(id)}`);
export const createPerson = (body: Record<string, unknown>) => api<Person>('/api/people', { method: 'POST', body: JSON.stringify(body) });
export const updatePerson = (id: string, body: Record<string, unknown>) => api<Person>(`/api/people/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify(body) });
export const unlockPerson = (id: string) => api<Person>(`/api/people/${encodeURIComponent(id)}/unlock`, { method: 'POST' });
