// `npm start` runs this first: builds the workstation app when dist/client is
// missing or older than any source file, so a fresh clone needs no extra step
// and an unchanged one starts at once.
import { existsSync, statSync, readdirSync } from 'node:fs';
import { execSync } from 'node:child_process';
import path from 'node:path';

const built = path.join('dist', 'client', 'index.html');
const sources = ['client', 'vite.config.ts', 'svelte.config.js', 'package.json'];

function newest(entry) {
  const info = statSync(entry);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(entry).reduce((max, name) => Math.max(max, newest(path.join(entry, name))), info.mtimeMs);
}

const stale = !existsSync(built) || sources.some((source) => existsSync(source) && newest(source) > statSync(built).mtimeMs);
if (stale) {
  console.log('Building the workstation app…');
  execSync('npm run build', { stdio: 'inherit' });
}
