// The link simulator: a TCP proxy on loopback between a hub and central that
// behaves like the truck's 4G/satellite uplink (the kernel here has no netem).
//
//   latencyMs             one-way delay added to every chunk in each direction,
//                         so a request/response round trip costs 2 × latencyMs
//                         (a 600 ms satellite round trip is latencyMs: 300)
//   bandwidthBytesPerSec  each direction is one shared pipe: chunks of every
//                         connection queue behind each other and leave at this
//                         rate (bytes/s; 512 kbit/s = 64_000)
//   cut()                 resets every open connection mid-transfer (RST)
//   stall(true)           accepts and reads, but forwards nothing either way
//                         until stall(false): requests hang until the client's
//                         own timeout fires
//   bytes.up / .down      bytes delivered client→target / target→client
//
// Bounded: at most `maxConnections` at once (more are refused), and a
// connection whose undelivered bytes pass 1 MiB in a direction stops reading
// from its source until they drain, so a fast sender cannot fill memory.
import net from 'node:net';

export interface LinkSettings {
  latencyMs?: number;
  bandwidthBytesPerSec?: number;
}

export interface LinkProxyOptions extends LinkSettings {
  /** `host:port` of the server behind the link, e.g. `127.0.0.1:5984`. */
  target: string;
  maxConnections?: number;
}

export interface LinkProxy {
  port: number;
  url: string;
  cut(): void;
  stall(on: boolean): void;
  set(settings: LinkSettings): void;
  readonly bytes: { up: number; down: number };
  /** Connections accepted since start. */
  readonly connections: number;
  /** Connections open now. */
  readonly open: number;
  close(): Promise<void>;
}

const HIGH_WATER = 1024 * 1024;
/** Chunks are sliced so no slice occupies the pipe for more than ~20 ms: pacing
 * stays smooth and one large chunk cannot starve other connections. */
const SLICE_MS = 20;

/** One direction of the link, shared by every connection: slices wait in one
 * queue and leave one at a time at the link's rate, like packets on a modem. */
interface Pipe {
  queue: { leg: Leg; slice: Uint8Array }[];
  busy: boolean;
  /** When the slice on the wire has finished leaving (absolute, so timer
   * lateness does not accumulate into a slower link than configured). */
  freeAt: number;
}

interface Leg {
  from: net.Socket;
  to: net.Socket;
  counter: 'up' | 'down';
  /** Bytes read from `from` and not yet written to `to`. */
  pending: number;
  lastDeliverAt: number;
  held: Uint8Array[];
  ended: boolean;
  timers: Set<NodeJS.Timeout>;
}

export async function startLinkProxy(options: LinkProxyOptions): Promise<LinkProxy> {
  const [targetHost, targetPortText] = splitTarget(options.target);
  const settings = { latencyMs: options.latencyMs ?? 0, bandwidthBytesPerSec: options.bandwidthBytesPerSec ?? Infinity };
  const maxConnections = options.maxConnections ?? 64;
  const bytes = { up: 0, down: 0 };
  const pipes: Record<'up' | 'down', Pipe> = { up: { queue: [], busy: false, freeAt: 0 }, down: { queue: [], busy: false, freeAt: 0 } };
  const live = new Set<{ client: net.Socket; upstream: net.Socket; legs: Leg[] }>();
  let accepted = 0;
  let stalled = false;

  function deliver(leg: Leg, slice: Uint8Array): void {
    const now = performance.now();
    // Never reorder a connection's bytes, even if the latency was lowered meanwhile.
    const deliverAt = Math.max(now + settings.latencyMs, leg.lastDeliverAt);
    leg.lastDeliverAt = deliverAt;
    const timer = setTimeout(() => {
      leg.timers.delete(timer);
      leg.pending -= slice.length;
      if (leg.to.destroyed) return;
      bytes[leg.counter] += slice.length;
      leg.to.write(slice);
      if (leg.pending < HIGH_WATER && leg.from.isPaused()) leg.from.resume();
      if (leg.ended && leg.pending === 0) leg.to.end();
    }, Math.max(0, deliverAt - now));
    leg.timers.add(timer);
  }

  /** `continuing`: the previous slice just left, so this one starts when it
   * ended on the link's clock, not when the (late) timer happened to fire. */
  function pump(pipe: Pipe, continuing = false): void {
    if (pipe.busy || stalled) return;
    const next = pipe.queue.shift();
    if (!next) return;
    const bw = settings.bandwidthBytesPerSec;
    const now = performance.now();
    pipe.freeAt = (continuing ? pipe.freeAt : Math.max(now, pipe.freeAt)) + (Number.isFinite(bw) ? (next.slice.length / bw) * 1000 : 0);
    pipe.busy = true;
    setTimeout(() => {
      pipe.busy = false;
      if (!next.leg.to.destroyed) deliver(next.leg, next.slice);
      pump(pipe, true);
    }, Math.max(0, pipe.freeAt - now));
  }

  function enqueue(leg: Leg, chunk: Uint8Array): void {
    const pipe = pipes[leg.counter];
    const bw = settings.bandwidthBytesPerSec;
    const sliceBytes = Number.isFinite(bw) ? Math.max(512, Math.floor((bw * SLICE_MS) / 1000)) : chunk.length;
    for (let offset = 0; offset < chunk.length; offset += sliceBytes) pipe.queue.push({ leg, slice: chunk.subarray(offset, offset + sliceBytes) });
    pump(pipe);
  }

  function makeLeg(from: net.Socket, to: net.Socket, counter: 'up' | 'down'): Leg {
    const leg: Leg = { from, to, counter, pending: 0, lastDeliverAt: 0, held: [], ended: false, timers: new Set() };
    from.on('data', (chunk: Uint8Array) => {
      leg.pending += chunk.length;
      if (leg.pending >= HIGH_WATER) from.pause();
      if (stalled) leg.held.push(chunk);
      else enqueue(leg, chunk);
    });
    from.on('end', () => {
      leg.ended = true;
      if (leg.pending === 0) to.end();
    });
    return leg;
  }

  // Half-open allowed: a side that finished sending may still receive.
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    accepted += 1;
    if (live.size >= maxConnections) {
      client.destroy();
      return;
    }
    client.setNoDelay(true);
    const upstream = net.connect({ host: targetHost, port: targetPortText, allowHalfOpen: true });
    upstream.setNoDelay(true);
    const legs = [makeLeg(client, upstream, 'up'), makeLeg(upstream, client, 'down')];
    const entry = { client, upstream, legs };
    live.add(entry);
    const teardown = () => {
      if (!live.delete(entry)) return;
      for (const leg of legs) {
        for (const timer of leg.timers) clearTimeout(timer);
        // Its bytes still queued no longer occupy the link.
        const pipe = pipes[leg.counter];
        pipe.queue = pipe.queue.filter((item) => item.leg !== leg);
      }
      client.destroy();
      upstream.destroy();
    };
    client.on('error', teardown).on('close', teardown);
    upstream.on('error', teardown).on('close', teardown);
  });
  server.maxConnections = maxConnections * 2;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    bytes,
    get connections() {
      return accepted;
    },
    get open() {
      return live.size;
    },
    cut() {
      for (const { client, upstream } of [...live]) {
        // A reset, not a polite FIN: the far ends see the transfer fail mid-way.
        client.resetAndDestroy();
        upstream.resetAndDestroy();
      }
    },
    stall(on: boolean) {
      stalled = on;
      if (on) return;
      for (const { legs } of live) for (const leg of legs) for (const chunk of leg.held.splice(0)) enqueue(leg, chunk);
      pump(pipes.up);
      pump(pipes.down);
    },
    set(next: LinkSettings) {
      if (next.latencyMs !== undefined) settings.latencyMs = next.latencyMs;
      if (next.bandwidthBytesPerSec !== undefined) settings.bandwidthBytesPerSec = next.bandwidthBytesPerSec;
    },
    close() {
      for (const { client, upstream } of [...live]) {
        client.destroy();
        upstream.destroy();
      }
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function splitTarget(target: string): [string, number] {
  const match = /^(?:https?:\/\/)?([^:/]+):(\d+)\/?$/.exec(target);
  if (!match) throw new Error(`link proxy target must be host:port, not "${target}"`);
  const host = match[1]!;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    throw new Error(`the link proxy only forwards to loopback, not ${host}`);
  }
  return [host, Number(match[2])];
}
