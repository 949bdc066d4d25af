// The lesson page is where learners spend their time, and often the page a
// workstation reopens after a reload. When the app starts on it, the player's
// code and the lesson itself are requested at once, in parallel with the
// shell's own start (hub info, session, strings), rather than one after the
// other once the shell is up: on a throttled old PC that halves the wait.
import { getPlayerLesson, type PlayerLesson } from './learn-api.ts';

const early = new Map<string, Promise<PlayerLesson>>();

export function startLessonEarly(pathname: string): void {
  const match = /^\/learn\/lessons\/([^/]+)\/?$/.exec(pathname);
  if (!match) return;
  const id = decodeURIComponent(match[1]!);
  const lesson = getPlayerLesson(id);
  lesson.catch(() => undefined); // handled by the page when it takes it
  early.set(id, lesson);
  void import('./LessonPlayer.svelte');
}

/** The lesson fetched at start, once; later visits fetch afresh. */
export function takeEarlyLesson(id: string): Promise<PlayerLesson> | undefined {
  const lesson = early.get(id);
  early.delete(id);
  return lesson;
}
