// The admin pages' calls for visiting staff: teachers and trainers of other
// hubs whose accounts came from central (server/people/roaming-routes.ts).
import { api } from '../lib/api.ts';

export interface VisitingStaff {
  username: string;
  personId: string;
  homeHubId: string;
  givenName: string;
  familyName: string;
  displayName: string;
  roles: string[];
  active: boolean;
  disabledAt?: string;
  disabledBy?: string;
  pendingSync: boolean;
}

export interface VisitingStaffList {
  visiting: VisitingStaff[];
  refused: { username: string; reason: string; at: string }[];
  lastExchangeAt: string | null;
}

export const listVisitingStaff = () => api<VisitingStaffList>('/api/people/roaming');
export const disableVisitingStaff = (username: string) => api<VisitingStaff>(`/api/people/roaming/${encodeURIComponent(username)}/disable`, { method: 'POST' });
