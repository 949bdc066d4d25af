// Who is signed in on this browser, and the shared-workstation rules:
//   - sign-in and sign-out go through the hub (the cookie is HttpOnly, so the
//     app never sees it); the CSRF token is kept in memory for api.ts;
//   - a learner who stops using the workstation is signed out after the hub's
//     learner idle time, and the screen returns to the sign-in grid, so the
//     next child never lands in someone else's account. The hub enforces the
//     same limit on its side; this side makes it visible and immediate.
//   - activity (keys, pointer, touch) is reported to the hub at most once a
//     minute, so a learner reading a long lesson is not signed out under them.
import { api, setCsrfToken, whenSignedOut } from './api.ts';
import { router } from './router.svelte.ts';

export interface Me {
  id: string;
  displayName: string;
  roles: string[];
  kind: 'staff' | 'learner';
  idleSeconds: number;
}

const HEARTBEAT_MS = 60_000;
const CHECK_MS = 5_000;

class Session {
  me = $state<Me | null>(null);
  /** False until the first GET /api/me has answered. */
  loaded = $state(false);
  #lastActivity = Date.now();
  #lastBeat = Date.now();
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor() {
    // The hub ended the session (idle, PIN changed, deactivated): a learner's
    // workstation goes back to the grid rather than showing someone's page.
    whenSignedOut(() => {
      const wasLearner = this.me?.kind === 'learner';
      this.#forget();
      if (wasLearner) router.navigate('/sign-in');
    });
  }

  hasRole(...roles: string[]): boolean {
    return Boolean(this.me?.roles.some((role) => roles.includes(role)));
  }

  async load(): Promise<void> {
    try {
      const state = await api<{ user: Me | null; csrfToken: string | null }>('/api/session');
      if (state.user && state.csrfToken) this.#signedIn(state.user, state.csrfToken);
      else this.#forget();
    } catch {
      this.#forget();
    } finally {
      this.loaded = true;
    }
  }

  async signInStaff(username: string, password: string): Promise<void> {
    const result = await api<{ user: Me; csrfToken: string }>('/api/session', { method: 'POST', body: JSON.stringify({ username, password }) });
    this.#signedIn(result.user, result.csrfToken);
  }

  async signInLearner(personId: string, pin: string | null): Promise<void> {
    const body = pin === null ? { personId } : { personId, pin };
    const result = await api<{ user: Me; csrfToken: string }>('/api/session/learner', { method: 'POST', body: JSON.stringify(body) });
    this.#signedIn(result.user, result.csrfToken);
  }

  /** After first-run setup, which signs the new administrator in. */
  adopt(me: Me, csrfToken: string): void {
    this.#signedIn(me, csrfToken);
  }

  async signOut(): Promise<void> {
    const wasLearner = this.me?.kind === 'learner';
    try {
      await api<null>('/api/session', { method: 'DELETE' });
    } finally {
      this.#forget();
      router.navigate(wasLearner ? '/sign-in' : '/');
    }
  }

  #signedIn(me: Me, csrfToken: string): void {
    this.me = me;
    setCsrfToken(csrfToken);
    this.#lastActivity = Date.now();
    this.#watch();
  }

  #forget(): void {
    this.me = null;
    setCsrfToken(null);
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  #watch(): void {
    if (this.#timer || typeof window === 'undefined') return;
    this.#timer = setInterval(() => this.#tick(), CHECK_MS);
  }

  #tick(): void {
    const me = this.me;
    if (!me) return;
    const now = Date.now();
    if (me.kind === 'learner' && now - this.#lastActivity > me.idleSeconds * 1000) {
      void this.signOut();
      return;
    }
    if (this.#lastActivity > this.#lastBeat && now - this.#lastBeat > HEARTBEAT_MS) {
      this.#lastBeat = now;
      api<Me>('/api/me').catch(() => undefined);
    }
  }

  noteActivity(): void {
    this.#lastActivity = Date.now();
  }
}

export const session = new Session();

if (typeof window !== 'undefined') {
  for (const type of ['keydown', 'pointerdown', 'touchstart', 'wheel'] as const) {
    window.addEventListener(type, () => session.noteActivity(), { passive: true, capture: true });
  }
}
