// `npm start` runs this first: builds what is missing or older than its sources,
// so a fresh clone needs no extra step and an unchanged one starts at once.
//   - the workstation app (vite → dist/client, precompressed)
//   - the hub compiled to plain JavaScript (tsc → dist/app), which starts
//     faster than running the TypeScript through tsx
import { existsSync, statSync, readdirSync } from 'node:fs';
import { execSync } from 'node:child_process';
import path from 'node:path';

function newest(entry) {
  if (!existsSync(entry)) return 0;
  const info = statSync(entry);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(entry).reduce((max, name) => Math.max(max, newest(path.join(entry, name))), info.mtimeMs);
}

function stale(output, sources) {
  return !existsSync(output) || sources.some((source) => newest(source) > statSync(output).mtimeMs);
}

if (stale(path.join('dist', 'client', 'index.html'), ['client', 'vite.config.ts', 'svelte.config.js', 'package.json'])) {
  console.log('Building the workstation app…');
  execSync('npx vite build && node scripts/precompress.js', { stdio: 'inherit' });
}
if (stale(path.join('dist', 'app', 'server', 'main.js'), ['server', 'sync', 'content/model', 'content/pack', 'tsconfig.json', 'tsconfig.build.json', 'package.json'])) {
  console.log('Compiling the hub…');
  execSync('npx tsc -p tsconfig.build.json', { stdio: 'inherit' });
}
