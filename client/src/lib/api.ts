// The browser's side of the API conventions: JSON in and out, and every failure
// turned into an ApiError carrying the catalogue's stable code, which pages
// translate (`errors.<CODE>`), falling back to the hub's English message.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// The session's CSRF token (server/auth/guard.ts): received at sign-in, sent
// back on every state-changing call. Kept in memory only; after a reload the
// session store fetches it again from GET /api/session/csrf.
let csrfToken: string | null = null;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
let onSignedOut: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the hub answers 401 UNAUTHENTICATED: the session ended (idle, signed out elsewhere). */
export function whenSignedOut(callback: () => void): void {
  onSignedOut = callback;
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  const unsafe = !SAFE_METHODS.has((init.method ?? 'GET').toUpperCase());
  try {
    response = await fetch(path, {
      ...init,
      headers: {
        accept: 'application/json',
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(unsafe && csrfToken ? { 'x-csrf-token': csrfToken } : {}),
        ...init.headers,
      },
    });
  } catch {
    throw new ApiError(0, 'HUB_UNREACHABLE', 'The hub did not answer.');
  }
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body ?? {}) as { code?: string; message?: string };
    if (response.status === 401 && error.code === 'UNAUTHENTICATED') onSignedOut?.();
    throw new ApiError(response.status, error.code ?? 'INTERNAL_ERROR', error.message ?? response.statusText);
  }
  return body as T;
}
