// For the learning tests only: a small course with one activity of every kind,
// a coding exercise and a quiz, installed through the real pack import, and a
// signed-in learner. Used by *.test.ts here and by tests/integration and bench.
import type { FastifyInstance } from 'fastify';
import type { PackFiles } from '../../content/pack/files.ts';
import { personWithRoles, setUpAndSignIn, type TestSession } from '../../tests/support/auth.ts';
import { text, uploadFiles, withChecksums } from '../../tests/support/packs.ts';

export const COURSE = 'lt-course';
export const LESSON = 'lt-l1';
export const CODING_LESSON = 'lt-l2';
export const QUIZ = 'lt-quiz';
export const LESSONS = [LESSON, CODING_LESSON, QUIZ];

const block = (yaml: string) => '```activity\n' + yaml.trim() + '\n```';

const ACTIVITIES = [
  block(`
id: lt-single
kind: single-choice
prompt: Which part shows pictures?
choices:
  - text: The screen
    correct: true
  - text: The mouse
hint: You look at it.
explanation: The **screen** shows pictures.`),
  block(`
id: lt-multi
kind: multiple-choice
prompt: Which are input devices?
mastery: { minScore: 0.8 }
choices:
  - text: Keyboard
    correct: true
  - text: Mouse
    correct: true
  - text: Screen`),
  block(`
id: lt-tf
kind: true-false
prompt: A mouse is hardware.
answer: true`),
  block(`
id: lt-short
kind: short-text
prompt: What key ends a line?
accept: [Enter, Return]`),
  block(`
id: lt-num
kind: numeric
prompt: How many bytes in a kilobyte (roughly)?
answer: 1000
tolerance: 24`),
  block(`
id: lt-order
kind: ordering
prompt: Put in order.
items: [Switch on, Sign in, Open the lesson, Sign out]`),
  block(`
id: lt-match
kind: matching
prompt: Match the parts.
mastery: { correctInARow: 2 }
pairs:
  - { left: Screen, right: shows }
  - { left: Keyboard, right: types }
  - { left: Mouse, right: points }`),
  block(`
id: lt-typing
kind: typing
prompt: Type the words.
text: the cat sat on a mat`),
];

const CODING = block(`
id: lt-code
kind: coding
language: javascript
prompt: Make total the sum of 2 and 3.
starter: |
  let total = 0;
solution: |
  let total = 2 + 3;
tests:
  - name: total is 5
    code: "total === 5"
  - name: total is a number
    code: "typeof total === 'number'"
hint: Use +.
explanation: "\`2 + 3\` is 5."`);

const QUIZ_QUESTION = block(`
id: lt-quiz-q1
kind: true-false
prompt: The screen is an output device.
answer: true`);

export function learningPack(): PackFiles {
  const files: PackFiles = new Map();
  files.set(`courses/${COURSE}/course.md`, text(`---
id: ${COURSE}
title: Learning test course
language: en
level: beginner
tags: [testing]
estimatedMinutes: 30
licence: CC-BY-SA-4.0
authors: [Test author]
version: 1.0.0
modules:
  - id: lt-m1
    title: The only module
    lessons: [01-all-kinds, 02-coding, 03-quiz]
---
A course for the learning tests.
`));
  files.set(`courses/${COURSE}/lessons/01-all-kinds.md`, text(`---\nid: ${LESSON}\ntitle: Every kind\n---\n# Every kind\n\n${ACTIVITIES.join('\n\nText between.\n\n')}\n`));
  files.set(`courses/${COURSE}/lessons/02-coding.md`, text(`---\nid: ${CODING_LESSON}\ntitle: Coding\n---\n# Coding\n\n${CODING}\n`));
  files.set(`courses/${COURSE}/lessons/03-quiz.md`, text(`---\nid: ${QUIZ}\ntitle: The quiz\nquiz:\n  passScore: 0.5\n---\n# Quiz\n\n${QUIZ_QUESTION}\n`));
  return withChecksums(files, { packId: 'lt-pack', version: '1.0.0', courses: [COURSE] });
}

export interface LearningWorld {
  admin: TestSession;
  learner: TestSession;
}

/** Sets the hub up, imports the learning test pack and signs a learner in. */
export async function setUpLearning(app: FastifyInstance): Promise<LearningWorld> {
  const admin = await setUpAndSignIn(app);
  const upload = await uploadFiles(app, admin, learningPack());
  if (upload.statusCode >= 300) throw new Error(`pack import failed: ${upload.statusCode} ${upload.body}`);
  const learner = await personWithRoles(app, admin, ['learner'], 'Asha');
  return { admin, learner };
}

let counter = 0;
/** A fresh browser-style event id. */
export const eventId = () => `${crypto.randomUUID()}`.slice(0, 30) + (counter++).toString(36);

export function event(verb: string, object: { courseId?: string; lessonId?: string; activityId?: string } = {}, result?: object, at = new Date().toISOString()) {
  return { id: eventId(), verb, object: { courseId: COURSE, lessonId: LESSON, ...object }, ...(result ? { result } : {}), at };
}

// Over HTTP, for real hub processes (fault tests and the events benchmark).

/** Creates a learner with PIN 1234 as `admin` and signs them in. */
export async function learnerOverHttp(url: string, admin: TestSession, name: string): Promise<TestSession> {
  const created = await fetch(`${url}/api/people`, {
    method: 'POST',
    headers: { ...admin.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ givenName: name, familyName: 'Learner', roles: ['learner'], pin: '1234' }),
  });
  if (created.status !== 201) throw new Error(`creating ${name} failed: ${created.status} ${await created.text()}`);
  return signInLearnerOverHttp(url, ((await created.json()) as { id: string }).id);
}

export async function signInLearnerOverHttp(url: string, personId: string): Promise<TestSession> {
  const response = await fetch(`${url}/api/session/learner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ personId, pin: '1234' }),
  });
  if (response.status !== 200) throw new Error(`learner sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie()[0]!.split(';')[0]!;
  const body = (await response.json()) as { csrfToken: string; user: TestSession['user'] };
  return { cookie, csrfToken: body.csrfToken, headers: { cookie, 'x-csrf-token': body.csrfToken }, user: body.user };
}
