// The hub's entry point, and the only module that reads the environment and
// listens. Start-up failures an operator can fix (a locked or damaged data
// directory, a port in use) are printed as one line, without a stack trace.
import { networkInterfaces } from 'node:os';
import { pathToFileURL } from 'node:url';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.ts';
import { configFromEnv } from './config.ts';
import { StoreError } from './store/store-errors.ts';
import { StartupError } from './startup-error.ts';

function lanAddresses(port: number): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((nic) => nic && nic.family === 'IPv4' && !nic.internal)
    .map((nic) => `http://${nic!.address}:${port}`);
}

function explainListenError(error: NodeJS.ErrnoException, port: number): string | null {
  if (error.code === 'EADDRINUSE') return `Port ${port} is already in use (another hub?). Stop that program or start with PORT set to a free port.`;
  if (error.code === 'EACCES') return `The hub may not listen on port ${port}. Choose a port above 1024 with PORT.`;
  if (error.code === 'EADDRNOTAVAIL') return `HOST is not an address of this machine. Use 0.0.0.0 to listen on every network.`;
  return null;
}

function fail(message: string): never {
  process.stderr.write(`darasa: ${message}\n`);
  process.exit(1);
}

export async function startHub(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config;
  try {
    config = configFromEnv(env);
  } catch (error) {
    fail((error as Error).message);
  }

  let app;
  try {
    app = await buildApp(config);
  } catch (error) {
    if (error instanceof StoreError || error instanceof StartupError) fail(error.message);
    throw error;
  }

  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'hub stopping after an error');
    else app.log.info(`${signal ?? 'stop'} received: closing the hub`);
    await app.close();
  });

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    const message = explainListenError(error as NodeJS.ErrnoException, config.port);
    await app.close();
    if (message) fail(message);
    throw error;
  }

  const port = (app.server.address() as { port: number }).port;
  const local = `http://localhost:${port}`;
  const lan = config.host === '0.0.0.0' ? lanAddresses(port) : [`http://${config.host}:${port}`];
  process.stdout.write(
    [
      `Darasa hub ${app.store.hubId} is ready (data in ${config.dataDir}).`,
      `Open on this machine: ${local}`,
      ...(lan.length > 0 ? [`Open on the workstations: ${lan.join('  or  ')}`] : []),
      '',
    ].join('\n'),
  );
}

const isEntryPoint = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isEntryPoint) await startHub();
