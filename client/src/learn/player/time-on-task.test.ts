// Time on task counts visible time only, reports about every minute, and
// reports the rest when the learner leaves. A minimal document and window
// stand in for the browser's (their events are all this module uses).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { trackTimeOnTask } from './time-on-task.ts';

let clock = 0;
const fakeDocument = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
const fakeWindow = new EventTarget();

function setVisible(visible: boolean) {
  fakeDocument.visibilityState = visible ? 'visible' : 'hidden';
  fakeDocument.dispatchEvent(new Event('visibilitychange'));
}

beforeEach(() => {
  vi.useFakeTimers();
  clock = 0;
  fakeDocument.visibilityState = 'visible';
  vi.stubGlobal('document', fakeDocument);
  vi.stubGlobal('window', fakeWindow);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function advance(ms: number) {
  clock += ms;
  vi.advanceTimersByTime(ms);
}

describe('time on task', () => {
  it('reports visible time every minute and the rest on leaving', () => {
    const reports: number[] = [];
    const stop = trackTimeOnTask((ms) => reports.push(ms), () => clock);
    advance(60_000);
    advance(60_000);
    advance(15_000);
    stop();
    expect(reports).toEqual([60_000, 60_000, 15_000]);
  });

  it('does not count time while the page is hidden', () => {
    const reports: number[] = [];
    const stop = trackTimeOnTask((ms) => reports.push(ms), () => clock);
    advance(20_000);
    setVisible(false); // reports the 20 s seen so far
    advance(40_000); // the interval fires with nothing to report
    advance(5 * 60_000);
    setVisible(true);
    advance(10_000);
    stop();
    expect(reports).toEqual([20_000, 10_000]);
  });

  it('reports when the tab is closed (pagehide) and ignores less than a second', () => {
    const reports: number[] = [];
    const stop = trackTimeOnTask((ms) => reports.push(ms), () => clock);
    advance(30_000);
    fakeWindow.dispatchEvent(new Event('pagehide'));
    advance(500);
    stop();
    expect(reports).toEqual([30_000]);
  });
});
