// The fetch a hub's replications use over the paid, unreliable uplink:
// - every request has a deadline (PouchDB's HTTP adapter has none: a stalled link
//   would leave a replication pending forever); a stall fails and the sync retries;
// - request bodies over 1 KiB are gzipped (CouchDB inflates them; JSON shrinks
//   4–8×) — responses are gzipped only if a proxy does it, and are decoded here;
// - bytes are counted as they cross the wire, both ways, headers included, so
//   the data budget counts what the operator pays for.
import { gzipSync } from 'node:zlib';

export interface LinkFetchOptions {
  /** Abort a request that has not completed within this many ms (default 60 s). */
  timeoutMs?: number;
  /** Gzip request bodies larger than this (bytes; default 1024; Infinity disables). */
  gzipAbove?: number;
  /** Called with the bytes of each request sent and response received. */
  onBytes?: (sent: number, received: number) => void;
  /** Stops every request in flight (a disconnect, a budget reached, shutdown). */
  signal?: AbortSignal;
}

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

const encoder = new TextEncoder();

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** A request that failed because the kept-alive socket it went out on was
 * closed by the other side (undici: UND_ERR_SOCKET "other side closed"). */
export function isStaleConnection(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code === 'UND_ERR_SOCKET';
}

function headerBytes(headers: Headers, firstLine: string): number {
  let total = firstLine.length + 2;
  headers.forEach((value, name) => (total += name.length + value.length + 4));
  return total + 2;
}

/** Headers Node's fetch (undici) adds to every request by itself, counted too:
 * without them the count read 3–10 % below what crossed the link. */
function implicitHeaderBytes(url: URL, headers: Headers): number {
  const added: [string, string][] = [
    ['host', url.host],
    ['connection', 'keep-alive'],
    ['user-agent', 'node'],
    ['accept-language', '*'],
    ['sec-fetch-mode', 'cors'],
    ['accept', '*/*'],
  ];
  return added.filter(([name]) => !headers.has(name)).reduce((total, [name, value]) => total + name.length + value.length + 4, 0);
}

async function bodyBytes(body: RequestInit['body']): Promise<Uint8Array | null> {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return encoder.encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return new Uint8Array(await new Response(body as BodyInit).arrayBuffer());
}

export function makeLinkFetch(options: LinkFetchOptions = {}): FetchLike {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const gzipAbove = options.gzipAbove ?? 1024;
  return async (input, init = {}) => {
    const request = new Request(input, init);
    const headers = new Headers(request.headers);
    let body = await bodyBytes(init.body ?? (request.body ? await request.arrayBuffer() : null));
    if (body && body.length > gzipAbove && !headers.has('content-encoding')) {
      body = new Uint8Array(gzipSync(body));
      headers.set('content-encoding', 'gzip');
    }
    if (body) headers.set('content-length', String(body.length));
    headers.set('accept-encoding', 'gzip');
    const signals = [AbortSignal.timeout(timeoutMs), ...(init.signal ? [init.signal] : []), ...(options.signal ? [options.signal] : [])];
    const url = new URL(request.url);
    const sent = headerBytes(headers, `${request.method} ${url.pathname}${url.search} HTTP/1.1`) + implicitHeaderBytes(url, headers) + (body?.length ?? 0);
    const send = () =>
      fetch(request.url, {
        method: request.method,
        headers,
        ...(body ? { body: body.slice() } : {}),
        signal: AbortSignal.any(signals),
        redirect: 'error',
      });
    let response: Response;
    try {
      response = await send();
    } catch (error) {
      // A kept-alive connection central had already closed: a read is sent once
      // more on a fresh one. Writes are retried by callers that know them safe
      // to repeat (central-database.ts), never here.
      if (!SAFE_METHODS.has(request.method) || !isStaleConnection(error)) throw error;
      response = await send();
    }
    // Read the whole body under the same deadline, counting its size on the wire
    // (content-length when the server sends it: fetch has already decoded gzip).
    const payload = new Uint8Array(await response.arrayBuffer());
    const wireLength = Number(response.headers.get('content-length') ?? payload.length);
    options.onBytes?.(sent, headerBytes(response.headers, `HTTP/1.1 ${response.status} ${response.statusText}`) + wireLength);
    const cleanHeaders = new Headers(response.headers);
    cleanHeaders.delete('content-encoding');
    cleanHeaders.delete('content-length');
    return new Response(payload.length > 0 || ![204, 304].includes(response.status) ? payload : null, {
      status: response.status,
      statusText: response.statusText,
      headers: cleanHeaders,
    });
  };
}
