// The link simulator (tests/support/link-proxy.ts) measured against a plain
// HTTP server on loopback. Lower bounds are physics (a delayed byte cannot
// arrive early); upper bounds are loose, because these machines are noisy.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { startLinkProxy, type LinkProxy } from '../support/link-proxy.ts';

let server: http.Server;
let target: string;
const serverSockets = new Set<Socket>();
const serverBytes = { read: 0, written: 0 };
let proxy: LinkProxy | undefined;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    let received = 0;
    req.on('data', (chunk: Buffer) => (received += chunk.length));
    req.on('end', () => {
      const size = Number(url.searchParams.get('size') ?? 0);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size), 'x-received': String(received) });
      res.end(Buffer.alloc(size, 97));
    });
  });
  server.on('connection', (socket) => {
    serverSockets.add(socket);
    socket.on('close', () => {
      serverBytes.read += socket.bytesRead;
      serverBytes.written += socket.bytesWritten;
      serverSockets.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** One request on its own connection (no keep-alive), so every request pays the link's full cost. */
function request(url: string, options: { method?: string; body?: Buffer; signal?: AbortSignal } = {}): Promise<{ status: number; body: Buffer; received: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', agent: false, signal: options.signal, headers: { connection: 'close' } }, (res) => {
      const chunks: Uint8Array[] = [];
      res.on('data', (chunk: Uint8Array) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks), received: Number(res.headers['x-received']) }));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('response aborted')));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('link proxy', () => {
  it('forwards unchanged when no limits are set', async () => {
    proxy = await startLinkProxy({ target });
    const res = await request(`${proxy.url}/?size=100000`);
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(100_000);
    expect(proxy.connections).toBe(1);
  });

  it('adds its latency in each direction: a round trip takes at least twice latencyMs', async () => {
    proxy = await startLinkProxy({ target, latencyMs: 150 });
    const started = performance.now();
    await request(`${proxy.url}/?size=10`);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(3_000);
    proxy.set({ latencyMs: 0 });
    const fast = performance.now();
    await request(`${proxy.url}/?size=10`);
    expect(performance.now() - fast).toBeLessThan(elapsed);
  });

  it('paces a few hundred KB to the configured bandwidth', async () => {
    const rate = 100_000; // bytes per second
    const size = 300_000;
    proxy = await startLinkProxy({ target, bandwidthBytesPerSec: rate });
    const started = performance.now();
    const res = await request(`${proxy.url}/?size=${size}`);
    const seconds = (performance.now() - started) / 1000;
    expect(res.body.length).toBe(size);
    const measured = size / seconds;
    // Never faster than the link (5% for the timer's slice granularity), and not
    // so slow that pacing is broken (a noisy 2-core machine stays well within 2×).
    expect(measured).toBeLessThanOrEqual(rate * 1.05);
    expect(measured).toBeGreaterThan(rate * 0.5);
  });

  it('shares one pipe between connections, as a real uplink does', async () => {
    const rate = 100_000;
    proxy = await startLinkProxy({ target, bandwidthBytesPerSec: rate });
    const started = performance.now();
    await Promise.all([request(`${proxy.url}/?size=100000`), request(`${proxy.url}/?size=100000`)]);
    const seconds = (performance.now() - started) / 1000;
    expect(200_000 / seconds).toBeLessThanOrEqual(rate * 1.05);
  });

  it('cut() ends a transfer in flight, and the next connection works', async () => {
    proxy = await startLinkProxy({ target, bandwidthBytesPerSec: 50_000 });
    const inFlight = request(`${proxy.url}/?size=500000`);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(proxy.open).toBe(1);
    proxy.cut();
    await expect(inFlight).rejects.toThrow();
    expect(proxy.bytes.down).toBeGreaterThan(0);
    expect(proxy.bytes.down).toBeLessThan(500_000);
    proxy.set({ bandwidthBytesPerSec: Infinity });
    const after = await request(`${proxy.url}/?size=1000`);
    expect(after.body.length).toBe(1000);
  });

  it('stall() accepts but never answers, so a request times out under AbortSignal.timeout; unstalled, it answers again', async () => {
    proxy = await startLinkProxy({ target });
    proxy.stall(true);
    const started = performance.now();
    await expect(fetch(`${proxy.url}/?size=10`, { signal: AbortSignal.timeout(500) })).rejects.toThrow(/timeout|aborted/i);
    expect(performance.now() - started).toBeGreaterThanOrEqual(450);
    expect(proxy.connections).toBe(1);
    expect(proxy.bytes.up).toBe(0);
    proxy.stall(false);
    const res = await request(`${proxy.url}/?size=10`);
    expect(res.status).toBe(200);
  });

  it('counts the bytes it delivers both ways, exactly as the server sees them', async () => {
    proxy = await startLinkProxy({ target, latencyMs: 5, bandwidthBytesPerSec: 2_000_000 });
    const before = { ...serverBytes };
    const body = Buffer.alloc(50_000, 98);
    const res = await request(`${proxy.url}/upload?size=70000`, { method: 'POST', body });
    expect(res.received).toBe(50_000);
    // Wait for the server side of the connection to close and report its counts.
    while (serverSockets.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(proxy.bytes.up).toBe(serverBytes.read - before.read);
    expect(proxy.bytes.down).toBe(serverBytes.written - before.written);
    expect(proxy.bytes.up).toBeGreaterThan(50_000);
    expect(proxy.bytes.down).toBeGreaterThan(70_000);
  });

  it('refuses to forward anywhere but loopback', async () => {
    await expect(startLinkProxy({ target: '192.0.2.1:5984' })).rejects.toThrow(/only forwards to loopback/);
  });
});
