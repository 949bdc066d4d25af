// Time on task: counts only time the page is visible, and reports it as a
// `spent` event about every 60 s and when the learner leaves (navigates away,
// hides or closes the tab). Hidden time is never counted: a lesson left open
// behind another window is not learning.
const REPORT_EVERY_MS = 60_000;

export function trackTimeOnTask(report: (durationMs: number) => void, now: () => number = () => performance.now()): () => void {
  let visibleSince: number | null = document.visibilityState === 'visible' ? now() : null;
  let banked = 0;

  const collect = () => {
    if (visibleSince !== null) {
      const t = now();
      banked += t - visibleSince;
      visibleSince = t;
    }
  };
  const send = () => {
    collect();
    const ms = Math.round(banked);
    banked = 0;
    if (ms >= 1_000) report(ms);
  };
  const onVisibility = () => {
    if (document.visibilityState === 'visible') visibleSince = now();
    else {
      send();
      visibleSince = null;
    }
  };
  const timer = setInterval(send, REPORT_EVERY_MS);
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('pagehide', send);

  return () => {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('pagehide', send);
    send();
  };
}
