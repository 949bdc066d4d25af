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

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
    });
  } catch {
    throw new ApiError(0, 'HUB_UNREACHABLE', 'The hub did not answer.');
  }
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body ?? {}) as { code?: string; message?: string };
    throw new ApiError(response.status, error.code ?? 'INTERNAL_ERROR', error.message ?? response.statusText);
  }
  return body as T;
}
