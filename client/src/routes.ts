// The route table. Pages load lazily so the first screen carries only the shell.
import type { RouteDef } from './lib/router.svelte.ts';

export const routes: RouteDef[] = [
  { path: '/', load: () => import('./pages/Home.svelte'), titleKey: 'home.title' },
];

export const notFoundRoute: RouteDef = {
  path: '*',
  load: () => import('./pages/NotFound.svelte'),
  titleKey: 'notFound.title',
};
