// Server-side sessions. The browser holds only a random 256-bit token in an
// HttpOnly, SameSite=Strict cookie; the hub stores the token's SHA-256, so a
// copy of the `local` database does not hand out working cookies. Sessions
// survive hub restarts (LocalRecords on disk) and end:
//   - on sign-out, on a password/PIN change or deactivation (endAllFor),
//   - after idleness: a learner's session on a shared workstation ends after
//     the hub's learner idle time, so the next child never lands in someone
//     else's account; staff sessions after a longer idle time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../store/open-database.ts';
import { LocalRecords } from './local-records.ts';
import type { SessionUser } from './user.ts';

export type SessionKind = 'staff' | 'learner';

export interface Session {
  personId: string;
  /** Who is signed in, as of sign-in or the person's last edit (refresh). */
  user: SessionUser;
  kind: SessionKind;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  /** Where the sign-in came from, for the lockout log and an admin's eye. */
  address: string;
}

export interface SessionTimeouts {
  learnerIdleMs: () => number;
  staffIdleMs: number;
}

/** The idle time is persisted at most this often per session: writing on every
 * request would cost a disk write per API call for no safety gain. */
const TOUCH_PERSIST_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function tokensEqual(a: string, b: string): boolean {
  const left = new Uint8Array(Buffer.from(a));
  const right = new Uint8Array(Buffer.from(b));
  return left.length === right.length && timingSafeEqual(left, right);
}

export class SessionStore {
  readonly #records: LocalRecords<Session>;
  readonly #timeouts: SessionTimeouts;
  readonly #persistedAt = new Map<string, number>();

  constructor(db: Database, timeouts: SessionTimeouts) {
    this.#records = new LocalRecords<Session>(db, 'session');
    this.#timeouts = timeouts;
  }

  /** Reads the sessions kept on disk and drops those that expired while the hub was off. */
  async load(): Promise<void> {
    await this.#records.load();
    const now = Date.now();
    const expired = [...this.#records.entries()].filter(([, s]) => this.#isExpired(s, now)).map(([key]) => key);
    await Promise.all(expired.map((key) => this.#records.delete(key)));
  }

  #isExpired(session: Session, now: number): boolean {
    const idle = session.kind === 'learner' ? this.#timeouts.learnerIdleMs() : this.#timeouts.staffIdleMs;
    return now - session.lastSeenAt > idle;
  }

  /** Starts a session; returns the cookie token (shown once, never stored). */
  async start(user: SessionUser, kind: SessionKind, address: string): Promise<{ token: string; session: Session }> {
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    const session: Session = { personId: user.id, user, kind, csrfToken: randomBytes(24).toString('base64url'), createdAt: now, lastSeenAt: now, address };
    const key = hashToken(token);
    this.#persistedAt.set(key, now);
    await this.#records.set(key, session);
    return { token, session };
  }

  /** The live session for a cookie token, or null (unknown, forged or expired).
   * Finding it counts as activity. */
  resolve(token: string | undefined): Session | null {
    if (!token || token.length > 100) return null;
    const key = hashToken(token);
    const session = this.#records.get(key);
    if (!session) return null;
    const now = Date.now();
    if (this.#isExpired(session, now)) {
      void this.#records.delete(key);
      return null;
    }
    session.lastSeenAt = now;
    if (now - (this.#persistedAt.get(key) ?? 0) > TOUCH_PERSIST_MS) {
      this.#persistedAt.set(key, now);
      void this.#records.set(key, session);
    }
    return session;
  }

  async end(token: string | undefined): Promise<void> {
    if (!token) return;
    const key = hashToken(token);
    this.#persistedAt.delete(key);
    await this.#records.delete(key);
  }

  /** Ends every session of a person: password or PIN changed, deactivated, roles changed. */
  async endAllFor(personId: string): Promise<void> {
    const keys = [...this.#records.entries()].filter(([, s]) => s.personId === personId).map(([key]) => key);
    await Promise.all(keys.map((key) => this.#records.delete(key)));
  }

  /** A person's name changed: their open sessions show the new one. */
  async refresh(user: SessionUser): Promise<void> {
    const keys = [...this.#records.entries()].filter(([, s]) => s.personId === user.id);
    await Promise.all(keys.map(([key, session]) => this.#records.set(key, { ...session, user })));
  }

  async flush(): Promise<void> {
    await this.#records.flush();
  }
}
