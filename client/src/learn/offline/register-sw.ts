// Registers the offline app shell (client/public/sw.js, copied to /sw.js by
// the build). Service workers only run in a secure context: http://localhost
// and HTTPS. A workstation that opens the hub as http://192.168.x.y gets no
// worker unless the hub is served over HTTPS or the browser is told to trust
// that origin (Chromium: --unsafely-treat-insecure-origin-as-secure=…); the
// app then works as before, online only. Not registered in `npm run dev`,
// where Vite serves unhashed modules that must not be cached.

const BROWSER_SESSION_KEY = 'darasa.sw.browser-session';

export function registerOfflineShell(): void {
  if (import.meta.env.DEV || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  // The session cookie dies with the browser; sessionStorage does too. When it
  // is empty this is a new browser session, so the worker must drop the
  // personal answers it kept for whoever used this machine before.
  let newBrowserSession = false;
  try {
    newBrowserSession = sessionStorage.getItem(BROWSER_SESSION_KEY) === null;
    sessionStorage.setItem(BROWSER_SESSION_KEY, '1');
  } catch {
    newBrowserSession = true;
  }
  navigator.serviceWorker
    .register('/sw.js', { scope: '/' })
    .then(async (registration) => {
      if (!newBrowserSession) return;
      const worker = registration.active ?? (await navigator.serviceWorker.ready).active;
      worker?.postMessage({ type: 'new-browser-session' });
    })
    .catch((error: unknown) => console.warn('The offline app shell could not start:', error));
}
