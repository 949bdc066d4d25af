import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import { makeLinkFetch } from './link-fetch.ts';

let server: Server;
let base = '';
const received: { encoding?: string; length: number; text: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Uint8Array[] = [];
    request.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    request.on('end', () => {
      const raw = new Uint8Array(Buffer.concat(chunks));
      const encoding = request.headers['content-encoding'];
      const text = new TextDecoder().decode(encoding === 'gzip' ? new Uint8Array(gunzipSync(raw)) : raw);
      received.push({ ...(encoding ? { encoding } : {}), length: raw.length, text });
      if (request.url === '/stall') return; // never answers
      if (request.url === '/gzipped') {
        const body = gzipSync(JSON.stringify({ big: 'x'.repeat(5000) }));
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length });
        response.end(body);
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: true, echo: text.length }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('the uplink fetch', () => {
  it('gzips large request bodies and leaves small ones alone', async () => {
    const fetchLink = makeLinkFetch();
    const big = JSON.stringify({ docs: Array.from({ length: 200 }, (_, i) => ({ _id: `event:hub-aaaaaaaaaa:${i}`, verb: 'answered' })) });
    await (await fetchLink(`${base}/db/_bulk_docs`, { method: 'POST', body: big, headers: { 'content-type': 'application/json' } })).json();
    const last = received.at(-1)!;
    expect(last.encoding).toBe('gzip');
    expect(last.text).toBe(big);
    expect(last.length).toBeLessThan(big.length / 4);
    await fetchLink(`${base}/db/_revs_diff`, { method: 'POST', body: '{"a":["1-x"]}' });
    expect(received.at(-1)!.encoding).toBeUndefined();
  });

  it('fails a request that stalls, instead of waiting forever', async () => {
    const fetchLink = makeLinkFetch({ timeoutMs: 300 });
    const started = Date.now();
    await expect(fetchLink(`${base}/stall`)).rejects.toThrow(/timeout|aborted/i);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('counts bytes both ways as sent on the wire, and decodes gzipped answers', async () => {
    let up = 0;
    let down = 0;
    const fetchLink = makeLinkFetch({ onBytes: (sent, got) => ((up += sent), (down += got)) });
    const response = await fetchLink(`${base}/gzipped`);
    expect((await response.json()).big).toHaveLength(5000);
    expect(down).toBeGreaterThan(30);
    expect(down).toBeLessThan(1000); // the compressed size, not the 5 KB of JSON
    expect(up).toBeGreaterThan(20);
  });

  it('counts what a request puts on the wire, headers fetch adds by itself included', async () => {
    let wire = 0;
    const server = net.createServer((socket) => {
      socket.on('data', (chunk) => {
        wire += chunk.length;
        if (chunk.includes('\r\n\r\n')) socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    let counted = 0;
    const fetchLink = makeLinkFetch({ onBytes: (sent) => (counted += sent) });
    await (await fetchLink(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}/db/_all_docs?limit=1`, { headers: { authorization: 'Basic eHl6OnNlY3JldA==' } })).json();
    server.close();
    expect(Math.abs(counted - wire) / wire).toBeLessThan(0.03);
  });

  it('stops requests in flight when its signal aborts', async () => {
    const controller = new AbortController();
    const fetchLink = makeLinkFetch({ signal: controller.signal, timeoutMs: 10_000 });
    const pending = fetchLink(`${base}/stall`);
    setTimeout(() => controller.abort(new Error('disconnected')), 50);
    await expect(pending).rejects.toThrow();
  });
});
