// Builds the workstation app (client/) into dist/client, which the hub serves.
// `npm run dev` runs this dev server and proxies /api to a hub on HUB_URL.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  root: 'client',
  plugins: [svelte()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  server: {
    proxy: { '/api': process.env.HUB_URL ?? 'http://127.0.0.1:8080' },
  },
});
