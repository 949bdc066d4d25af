// The one way sync/central talks to a CouchDB server as its administrator:
// plain fetch with basic auth and a timeout on every request (a stalled link
// must fail, not hang), and errors that say in plain words what went wrong.
// Written for Apache CouchDB 3; the embedded central answers the same calls.

export interface CentralAdmin {
  /** Base URL, e.g. `https://central.example.org:6984`. Credentials in the URL
   * (`http://admin:pw@host`) are accepted and moved to the Authorization header,
   * because fetch refuses URLs that carry them. */
  url: string;
  adminUser?: string;
  adminPassword?: string;
  /** Per request; 15 s by default, ample for provisioning on a slow link. */
  timeoutMs?: number;
}

export type CentralErrorCode = 'CENTRAL_UNREACHABLE' | 'CENTRAL_UNAUTHORIZED' | 'CENTRAL_REFUSED' | 'CENTRAL_BAD_URL';

export class CentralError extends Error {
  constructor(
    readonly code: CentralErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'CentralError';
  }
}

export interface CouchResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
}

interface Resolved {
  base: string;
  authorization?: string;
  timeoutMs: number;
}

export function resolveCentral(central: CentralAdmin): Resolved {
  let parsed: URL;
  try {
    parsed = new URL(central.url);
  } catch {
    throw new CentralError('CENTRAL_BAD_URL', `"${central.url}" is not a URL; give central's address, e.g. http://127.0.0.1:5984.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new CentralError('CENTRAL_BAD_URL', `central's address must start with http:// or https://, not ${parsed.protocol}`);
  }
  const user = central.adminUser ?? decodeURIComponent(parsed.username);
  const password = central.adminPassword ?? decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  const base = parsed.toString().replace(/\/+$/, '');
  const authorization = user ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : undefined;
  return { base, authorization, timeoutMs: central.timeoutMs ?? 15_000 };
}

/** Central's address without credentials, as hubs will be told to use it. */
export function publicCentralUrl(central: CentralAdmin): string {
  return resolveCentral(central).base;
}

/** One JSON request. Resolves with any HTTP status (callers decide what 404 or
 * 412 mean); rejects only when central cannot be reached or times out, or
 * refuses the administrator's credentials. */
export async function couchRequest<T = Record<string, unknown>>(
  central: CentralAdmin,
  method: string,
  path: string,
  body?: unknown,
): Promise<CouchResponse<T>> {
  const { base, authorization, timeoutMs } = resolveCentral(central);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (authorization) headers.authorization = authorization;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    const send = () =>
      fetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    try {
      response = await send();
    } catch (error) {
      // A kept-alive connection the server already closed fails at once with
      // UND_ERR_SOCKET/ECONNRESET before the request was read; fetch does not
      // retry non-GETs by itself. Every call here is safe to repeat once.
      if (!isStaleConnection(error)) throw error;
      response = await send();
    }
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new CentralError(
      'CENTRAL_UNREACHABLE',
      timedOut
        ? `central at ${base} did not answer within ${timeoutMs / 1000} s.`
        : `cannot reach central at ${base} (${describeCause(error)}).`,
    );
  }
  const text = await response.text();
  let parsed: unknown = {};
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { error: 'not_json', reason: text.slice(0, 200) };
  }
  if (response.status === 401) {
    throw new CentralError('CENTRAL_UNAUTHORIZED', `central at ${base} refused the administrator's name or password.`, 401);
  }
  return { status: response.status, body: parsed as T };
}

function isStaleConnection(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET';
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** Like couchRequest, but any status outside `ok` is an error naming the step. */
export async function couchExpect<T = Record<string, unknown>>(
  central: CentralAdmin,
  what: string,
  method: string,
  path: string,
  body: unknown,
  ok: number[],
): Promise<CouchResponse<T>> {
  const response = await couchRequest<T>(central, method, path, body);
  if (!ok.includes(response.status)) {
    const reason = (response.body as { reason?: string; error?: string }) ?? {};
    throw new CentralError('CENTRAL_REFUSED', `central refused to ${what}: ${response.status} ${reason.error ?? ''} ${reason.reason ?? ''}`.trim(), response.status);
  }
  return response;
}
