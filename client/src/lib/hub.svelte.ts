// What the app knows about the hub it is served by: identity for the header,
// and whether the hub answers at all (shown, never silently ignored).
import { api, ApiError } from './api.ts';

interface HubInfo {
  id: string;
  name: string | null;
  version: string;
  /** False until first-run setup: the app then leads every page to /setup. */
  setupDone: boolean;
  defaultLanguage: string | null;
}

class Hub {
  info = $state<HubInfo | null>(null);
  errorCode = $state<string | null>(null);

  async load(): Promise<void> {
    try {
      this.info = await api<HubInfo>('/api/hub');
      this.errorCode = null;
    } catch (error) {
      this.errorCode = error instanceof ApiError ? error.code : 'HUB_UNREACHABLE';
    }
  }
}

export const hub = new Hub();
