import { describe, expect, it } from 'vitest';
import { parsePack } from './parse-pack.ts';
import { readPackFolder } from './read-folder.ts';
import { buildPack, text, withChecksums, QUESTION } from '../../tests/support/packs.ts';
import { SEED_PACK_DIR } from '../../server/config.ts';

function problemsOf(files: Map<string, Uint8Array>) {
  const result = parsePack(files);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('pack validation', () => {
  it('accepts the seed curriculum: four courses, every language asked for, at least six lessons each', async () => {
    const result = parsePack(await readPackFolder(SEED_PACK_DIR));
    if (!result.ok) throw new Error(result.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
    const courses = new Map(result.pack.courses.map((c) => [c.meta.id, c]));
    for (const id of ['computer-basics-en', 'computer-basics-fr', 'computer-basics-sw', 'coding-first-steps-en', 'e-waste-en', 'e-waste-fr', 'teaching-digital-classroom-en']) {
      const course = courses.get(id);
      expect(course, id).toBeDefined();
      const lessons = course!.modules.flatMap((m) => m.lessons);
      expect(lessons.length, id).toBeGreaterThanOrEqual(6);
      for (const lesson of lessons) expect(lesson.activities.length, lesson.id).toBeGreaterThan(0);
    }
    const kinds = new Set(result.pack.courses.flatMap((c) => c.modules.flatMap((m) => m.lessons.flatMap((l) => l.activities.map((a) => a.kind)))));
    expect([...kinds].sort()).toEqual(['coding', 'matching', 'multiple-choice', 'numeric', 'ordering', 'short-text', 'single-choice', 'true-false', 'typing']);
  });

  it('parses a small pack into courses, lessons, activities and media', () => {
    const result = parsePack(buildPack());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [course] = result.pack.courses;
    expect(course!.meta.id).toBe('test-course');
    expect(course!.modules[0]!.lessons.map((l) => l.id)).toEqual(['t-l01', 't-l02']);
    expect(course!.modules[0]!.lessons[0]!.activities.map((a) => a.kind)).toEqual(['single-choice', 'typing']);
    expect(course!.modules[0]!.lessons[0]!.media).toEqual({ '../../../media/screen.png': 'media/screen.png' });
    expect(result.pack.media[0]).toMatchObject({ path: 'media/screen.png', mime: 'image/png', kind: 'image' });
  });

  it('reports every problem with its file and line, not only the first', () => {
    const files = buildPack({
      lesson1Activities: [
        QUESTION.replace('correct: true', 'correct: false'),
        '```activity\nid: t-l01-a2\nkind: dance\nprompt: Dance!\n```',
        '```activity\nid: BAD ID\nkind: true-false\nprompt: Is it?\n```',
      ],
    });
    const problems = problemsOf(withChecksums(files));
    const messages = problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
    expect(messages).toEqual(expect.arrayContaining([
      expect.stringMatching(/01-first\.md:\d+: .*exactly one choice/),
      expect.stringMatching(/01-first\.md:\d+: Unknown activity kind "dance"/),
      expect.stringMatching(/01-first\.md:\d+: .*missing: answer|lower-case letters/),
    ]));
    expect(problems.length).toBeGreaterThanOrEqual(3);
    // Lines point into the file: the unknown kind is on the line that says "kind: dance".
    const lines = new TextDecoder().decode(files.get('courses/test-course/lessons/01-first.md')).split('\n');
    const dance = problems.find((p) => p.message.includes('dance'))!;
    expect(lines[dance.line! - 1]).toBe('kind: dance');
  });

  it('refuses a manifest with missing fields, naming them', () => {
    const files = buildPack();
    const manifest = JSON.parse(new TextDecoder().decode(files.get('pack.json')));
    delete manifest.version;
    delete manifest.licence;
    files.set('pack.json', text(JSON.stringify(manifest)));
    const messages = problemsOf(files).map((p) => p.message).join('\n');
    expect(messages).toMatch(/version/);
    expect(messages).toMatch(/licence/);
  });

  it('refuses duplicate ids, pointing at both places', () => {
    const files = buildPack({ lesson1Activities: [QUESTION, QUESTION] });
    const problems = problemsOf(withChecksums(files));
    expect(problems.some((p) => /activity id "t-l01-a1" is already used at courses\/test-course\/lessons\/01-first\.md:\d+/.test(p.message))).toBe(true);
  });

  it('refuses a file whose checksum does not match the manifest', () => {
    const files = buildPack();
    files.set('courses/test-course/lessons/02-second.md', text('---\nid: t-l02\ntitle: Changed after packing\n---\nHello'));
    const problems = problemsOf(files);
    expect(problems).toContainEqual(expect.objectContaining({ file: 'courses/test-course/lessons/02-second.md', message: expect.stringMatching(/checksum does not match/) }));
  });

  it('refuses invalid UTF-8 with the file named', () => {
    const files = buildPack();
    files.set('courses/test-course/lessons/02-second.md', new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0xc3, 0x28]));
    const problems = problemsOf(withChecksums(files));
    expect(problems).toContainEqual(expect.objectContaining({ file: 'courses/test-course/lessons/02-second.md', message: expect.stringMatching(/not valid UTF-8/) }));
  });

  it('refuses an unknown media type and a file disguised as an image', () => {
    const files = buildPack();
    files.set('media/tool.exe', text('MZ…'));
    files.set('media/photo.png', text('<html><script>alert(1)</script></html>'));
    const problems = problemsOf(withChecksums(files));
    expect(problems).toContainEqual(expect.objectContaining({ file: 'media/tool.exe', message: expect.stringMatching(/not allowed/) }));
    expect(problems).toContainEqual(expect.objectContaining({ file: 'media/photo.png', message: expect.stringMatching(/content is not image\/png/) }));
  });

  it('refuses an SVG that carries script', () => {
    const files = buildPack();
    files.set('media/evil.svg', text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'));
    const problems = problemsOf(withChecksums(files));
    expect(problems).toContainEqual(expect.objectContaining({ file: 'media/evil.svg', message: expect.stringMatching(/event-handler/) }));
  });

  it('refuses a coding exercise whose solution fails its own tests, or loops forever', () => {
    const coding = (solution: string) => `\`\`\`activity
id: t-l01-a3
kind: coding
language: javascript
prompt: Make total 5.
starter: "let total = 0;"
solution: "${solution}"
tests:
  - name: total is 5
    code: "total === 5"
\`\`\``;
    let problems = problemsOf(withChecksums(buildPack({ lesson1Activities: [coding('let total = 4;')] })));
    expect(problems.some((p) => /does not pass the test "total is 5"/.test(p.message))).toBe(true);
    problems = problemsOf(withChecksums(buildPack({ lesson1Activities: [coding('while (true) {}')] })));
    expect(problems.some((p) => /timed out|Script execution/.test(p.message))).toBe(true);
  });

  it('refuses links to media outside the pack and lessons that are missing', () => {
    const files = buildPack({ lesson2Body: 'See ![remote](https://example.com/x.png) and ![gone](../../../media/gone.png).' });
    files.set('courses/test-course/course.md', text(new TextDecoder().decode(files.get('courses/test-course/course.md')).replace('[01-first, 02-second]', '[01-first, 02-second, 03-missing]')));
    const messages = problemsOf(withChecksums(files)).map((p) => p.message).join('\n');
    expect(messages).toMatch(/"https:\/\/example.com\/x.png" is not in the pack/);
    expect(messages).toMatch(/media file "..\/..\/..\/media\/gone.png" is not in the pack/);
    expect(messages).toMatch(/lesson "03-missing" is listed but/);
  });

  it('reports a YAML syntax error at its line', () => {
    const files = buildPack({ lesson1Activities: ['```activity\nid: t-l01-a1\nkind: true-false\nprompt: [unclosed\nanswer: true\n```'] });
    const problems = problemsOf(withChecksums(files));
    const yamlProblem = problems.find((p) => p.message.startsWith('YAML'));
    expect(yamlProblem?.file).toBe('courses/test-course/lessons/01-first.md');
    expect(yamlProblem?.line).toBeGreaterThan(5);
  });
});
