// Starts the workstation app: translations first (no flash of untranslated
// keys), then the shell. The hub's identity loads in parallel.
import { mount } from 'svelte';
import './app.css';
import { startI18n } from './lib/i18n.ts';
import { hub } from './lib/hub.svelte.ts';
import { session } from './lib/session.svelte.ts';
import App from './App.svelte';
import { registerOfflineShell } from './learn/offline/register-sw.ts';

// The hub's answer carries its default language, so it is awaited (a LAN round
// trip) before the first strings load; the session is checked meanwhile.
// /central/… is the central dashboard (served by the dashboard, not a hub):
// its own shell and session, no hub identity, no offline worker.
if (location.pathname === '/central' || location.pathname.startsWith('/central/')) {
  const { centralSession } = await import('./central/central-api.svelte.ts');
  await Promise.all([startI18n(), centralSession.load()]);
  const { default: CentralApp } = await import('./central/CentralApp.svelte');
  mount(CentralApp, { target: document.getElementById('app')! });
} else {
  const hubReady = hub.load();
  void session.load();
  await hubReady;
  await startI18n(hub.info?.defaultLanguage);
  mount(App, { target: document.getElementById('app')! });
  // After the first screen: the worker's precache must not compete with it.
  registerOfflineShell();
}
