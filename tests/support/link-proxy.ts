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

/** One direction of the link, shared by every connection: when it is next free. */
interface Pipe {
  freeAt: number;
}

interface Leg {
  from: net.Socket;
  to: net.Socket;
  counter: 'up' | 'down';
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
  const pipes: Record<'up' | 'down', Pipe> = { up: { freeAt: 0 }, down: { freeAt: 0 } };
  const live = new Set<{ client: net.Socket; upstream: net.Socket; legs: Leg[] }>();
  let accepted = 0;
  let stalled = false;

  function schedule(leg: Leg, chunk: Uint8Array): void {
    const pipe = pipes[leg.counter];
    const bw = settings.bandwidthBytesPerSec;
    const sliceBytes = Number.isFinite(bw) ? Math.max(512, Math.floor((bw * SLICE_MS) / 1000)) : chunk.length;
    for (let offset = 0; offset < chunk.length; offset += sliceBytes) {
      const slice = chunk.subarray(offset, offset + sliceBytes);
      const now = performance.now();
      const start = Math.max(now, pipe.freeAt);
      pipe.freeAt = start + (Number.isFinite(bw) ? (slice.length / bw) * 1000 : 0);
      // Never reorder a connection's bytes, even if the latency was lowered meanwhile.
      const deliverAt = Math.max(pipe.freeAt + settings.latencyMs, leg.lastDeliverAt);
      leg.lastDeliverAt = deliverAt;
      const timer = setTimeout(() => {
        leg.timers.delete(timer);
        leg.pending -= slice.length;
        if (leg.to.destroyed) return;
        bytes[leg.counter] += slice.length;
        leg.to.write(slice);
        if (leg.pending < HIGH_WATER && leg.from.isPaused()) leg.from.resume();
        if (leg.ended && leg.pending === 0 && leg.timers.size === 0) leg.to.end();
      }, Math.max(0, deliverAt - now));
      leg.timers.add(timer);
    }
  }

  function makeLeg(from: net.Socket, to: net.Socket, counter: 'up' | 'down'): Leg {
    const leg: Leg = { from, to, counter, pending: 0, lastDeliverAt: 0, held: [], ended: false, timers: new Set() };
    from.on('data', (chunk: Uint8Array) => {
      leg.pending += chunk.length;
      if (leg.pending >= HIGH_WATER) from.pause();
      if (stalled) leg.held.push(chunk);
      else schedule(leg, chunk);
    });
    from.on('end', () => {
      leg.ended = true;
      if (leg.pending === 0 && leg.timers.size === 0 && !stalled) to.end();
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
      for (const leg of legs) for (const timer of leg.timers) clearTimeout(timer);
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
      for (const { legs } of live) {
        for (const leg of legs) {
          for (const chunk of leg.held.splice(0)) schedule(leg, chunk);
          if (leg.ended && leg.pending === 0 && leg.timers.size === 0) leg.to.end();
        }
      }
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
