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
const hubReady = hub.load();
void session.load();
await hubReady;
await startI18n(hub.info?.defaultLanguage);
mount(App, { target: document.getElementById('app')! });
// After the first screen: the worker's precache must not compete with it.
registerOfflineShell();
