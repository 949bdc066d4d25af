// `npm run dev`: a hub on port 8080 (API, data in ./data) and Vite's dev server
// with hot reload on port 5173, proxying /api to the hub. Ctrl+C stops both.
import { spawn } from 'node:child_process';

const hubPort = process.env.PORT ?? '8080';
const children = [
  spawn(process.execPath, ['--import', 'tsx', '--watch', 'server/main.ts'], {
    stdio: 'inherit',
    env: { ...process.env, PORT: hubPort, CLIENT_DIR: '' },
  }),
  spawn('npx', ['vite', '--host'], { stdio: 'inherit', env: { ...process.env, HUB_URL: `http://127.0.0.1:${hubPort}` } }),
];
const stop = () => children.forEach((child) => child.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', (code) => { stop(); process.exitCode = code ?? 0; });
