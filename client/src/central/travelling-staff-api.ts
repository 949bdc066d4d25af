// The travelling staff accounts at central from the browser
// (server/central-dashboard/roaming-staff-routes.ts).
import { api } from '../lib/api.ts';

export interface TravellingAccount {
  username: string;
  /** Given name and family initial only. */
  displayName: string;
  roles: string[];
  homeHubId: string;
  homeHubName: string | null;
  active: boolean;
  disabledAt: string | null;
  disabledBy: string | null;
  disabledByName: string | null;
  updatedAt: string;
}

export const fetchTravellingStaff = () => api<{ accounts: TravellingAccount[] }>('/api/central/staff-accounts');

export const disableTravellingStaff = (username: string) =>
  api<{ account: TravellingAccount; changed: boolean }>(`/api/central/staff-accounts/${encodeURIComponent(username)}/disable`, { method: 'POST' });
