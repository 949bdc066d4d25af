// Where the learner was in a lesson, kept in localStorage per person and
// lesson, so that coming back (or a reload) opens the same step. Per person
// because workstations are shared: the next child starts at their own place.
const PREFIX = 'darasa.lesson-step';

const key = (personId: string, lessonId: string) => `${PREFIX}.${personId}.${lessonId}`;

export function loadStep(personId: string, lessonId: string, stepCount: number): number {
  try {
    const value = Number(localStorage.getItem(key(personId, lessonId)));
    return Number.isInteger(value) && value >= 0 && value < stepCount ? value : 0;
  } catch {
    return 0;
  }
}

export function saveStep(personId: string, lessonId: string, step: number): void {
  try {
    localStorage.setItem(key(personId, lessonId), String(step));
  } catch {
    // Storage full or disabled: the position is a convenience, the lesson still works.
  }
}
