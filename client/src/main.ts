// Starts the workstation app: translations first (no flash of untranslated
// keys), then the shell. The hub's identity loads in parallel.
import { mount } from 'svelte';
import './app.css';
import { startI18n } from './lib/i18n.ts';
import { hub } from './lib/hub.svelte.ts';
import App from './App.svelte';

void hub.load();
await startI18n();
mount(App, { target: document.getElementById('app')! });
