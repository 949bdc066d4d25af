// Central staff sessions, as the hub does it (server/auth/sessions.ts): the
// browser holds a random 256-bit token in an HttpOnly, SameSite=Strict cookie;
// the dashboard keeps the token's SHA-256, the account and a CSRF token. Kept
// in memory: restarting the dashboard signs staff out, which costs them one
// sign-in and keeps no session in central's database.
import { randomBytes } from 'node:crypto';
import { hashToken } from '../auth/sessions.ts';
import type { CentralRole } from './capabilities.ts';

export interface StaffSession {
  username: string;
  roles: CentralRole[];
  csrfToken: string;
  lastSeenAt: number;
}

export class StaffSessions {
  readonly #byHash = new Map<string, StaffSession>();
  constructor(private readonly idleMs: number) {}

  create(username: string, roles: CentralRole[]): { token: string; session: StaffSession } {
    const token = randomBytes(32).toString('base64url');
    const session = { username, roles, csrfToken: randomBytes(24).toString('base64url'), lastSeenAt: Date.now() };
    this.#byHash.set(hashToken(token), session);
    return { token, session };
  }

  resolve(token: string | undefined): StaffSession | null {
    if (!token) return null;
    const key = hashToken(token);
    const session = this.#byHash.get(key);
    if (!session) return null;
    if (Date.now() - session.lastSeenAt > this.idleMs) {
      this.#byHash.delete(key);
      return null;
    }
    session.lastSeenAt = Date.now();
    return session;
  }

  end(token: string | undefined): void {
    if (token) this.#byHash.delete(hashToken(token));
  }

  endAllFor(username: string): void {
    for (const [key, session] of this.#byHash) if (session.username === username) this.#byHash.delete(key);
  }
}
