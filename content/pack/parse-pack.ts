// Reads a pack (files already safely in memory) into courses, lessons,
// activities and media, collecting EVERY problem with its file and line. A pack
// with any problem is not imported at all; callers get either a ParsedPack or
// the full list of problems.
import path from 'node:path';
import { Value } from 'typebox/value';
import { CourseFrontMatter, LessonFrontMatter, PackManifest, type LessonFrontMatter as LessonMeta } from '../model/course.ts';
import type { Activity } from '../model/activities.ts';
import type { PackFiles } from './files.ts';
import { Problems, type Problem } from './problems.ts';
import { parseYaml } from './yaml-source.ts';
import { findActivityBlocks, findMediaReferences, splitFrontMatter } from './markdown-source.ts';
import { validateActivity, describeSchemaError } from './validate-activity.ts';
import { identifyMedia } from './media-types.ts';
import { MANIFEST_PATH, sha256, verifyChecksums } from './checksums.ts';

export interface ParsedLesson extends LessonMeta {
  file: string;
  /** The Markdown after the front matter, verbatim (activity blocks included). */
  body: string;
  activities: Activity[];
  /** Media references as written in the body → pack path of the file. */
  media: Record<string, string>;
}

export interface ParsedModule {
  id: string;
  title: string;
  lessons: ParsedLesson[];
}

export interface ParsedCourse {
  folder: string;
  meta: Omit<CourseFrontMatter, 'modules'>;
  /** Course introduction (Markdown). */
  description: string;
  modules: ParsedModule[];
}

export interface ParsedMedia {
  path: string;
  sha256: string;
  mime: string;
  kind: 'image' | 'audio' | 'video';
  size: number;
}

export interface ParsedPack {
  manifest: PackManifest;
  courses: ParsedCourse[];
  media: ParsedMedia[];
}

export type ParseResult = { ok: true; pack: ParsedPack } | { ok: false; problems: Problem[] };


const IGNORED_AT_ROOT = /^(README|LICEN[CS]E|CHANGELOG)(\.[a-z]+)?$/i;
const decoder = new TextDecoder('utf-8', { fatal: true });

function decode(files: PackFiles, file: string, problems: Problems): string | null {
  try {
    return decoder.decode(files.get(file)!).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  } catch {
    problems.add(file, undefined, 'This file is not valid UTF-8 text. Save it as UTF-8 in your editor.');
    return null;
  }
}

export function parsePack(files: PackFiles): ParseResult {
  const problems = new Problems();
  const manifest = readManifest(files, problems);
  if (manifest) verifyChecksums(files, manifest.files, problems);

  const ids = new Map<string, string>(); // id → "file:line" where first defined
  const claim = (id: string, file: string, line: number, what: string) => {
    const previous = ids.get(id);
    if (previous) problems.add(file, line, `The ${what} id "${id}" is already used at ${previous}. Every id in a pack must be unique.`);
    else ids.set(id, `${file}:${line}`);
  };

  const usedFiles = new Set<string>([MANIFEST_PATH]);
  const courses: ParsedCourse[] = [];
  for (const folder of manifest?.courses ?? []) {
    const course = readCourse(files, folder, problems, claim, usedFiles);
    if (course) courses.push(course);
  }

  const media: ParsedMedia[] = [];
  for (const [file, bytes] of files) {
    if (file.startsWith('media/')) {
      usedFiles.add(file);
      const identified = identifyMedia(file, bytes);
      if ('problem' in identified) problems.add(file, undefined, identified.problem);
      else media.push({ path: file, sha256: sha256(bytes), mime: identified.type.mime, kind: identified.type.kind, size: bytes.length });
    }
  }
  for (const file of files.keys()) {
    if (!usedFiles.has(file) && !IGNORED_AT_ROOT.test(file)) {
      problems.add(file, undefined, file.startsWith('courses/')
        ? 'This file is not part of any course: list the course in pack.json "courses" and the lesson in its course.md "modules".'
        : 'Unexpected file: a pack holds pack.json, courses/ and media/ only.');
    }
  }
  const mediaPaths = new Set(media.map((m) => m.path));
  for (const course of courses) {
    for (const lesson of course.modules.flatMap((m) => m.lessons)) {
      for (const target of Object.values(lesson.media)) {
        if (files.has(target) && !mediaPaths.has(target) && !target.startsWith('media/')) {
          problems.add(lesson.file, undefined, `"${target}" is used as media but media files must be inside media/.`);
        }
      }
    }
  }

  if (!problems.empty || !manifest) {
    if (!manifest && problems.empty) problems.add(MANIFEST_PATH, undefined, 'The pack has no pack.json manifest.');
    return { ok: false, problems: problems.list };
  }
  return { ok: true, pack: { manifest, courses, media } };
}

function readManifest(files: PackFiles, problems: Problems): PackManifest | null {
  if (!files.has(MANIFEST_PATH)) {
    problems.add(MANIFEST_PATH, undefined, 'The pack has no pack.json manifest at its top level.');
    return null;
  }
  const text = decode(files, MANIFEST_PATH, problems);
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
    problems.add(MANIFEST_PATH, line, `pack.json is not valid JSON: ${(error as Error).message}`);
    return null;
  }
  const errors = [...Value.Errors(PackManifest, value)].filter((e) => e.keyword !== 'boolean');
  for (const error of errors) problems.add(MANIFEST_PATH, undefined, describeSchemaError(error));
  if (errors.length > 0) return null;
  const manifest = value as PackManifest;
  const seen = new Set<string>();
  for (const folder of manifest.courses) {
    if (seen.has(folder)) problems.add(MANIFEST_PATH, undefined, `The course "${folder}" is listed twice in "courses".`);
    seen.add(folder);
  }
  return manifest;
}

type Claim = (id: string, file: string, line: number, what: string) => void;

function readCourse(files: PackFiles, folder: string, problems: Problems, claim: Claim, used: Set<string>): ParsedCourse | null {
  const file = `courses/${folder}/course.md`;
  if (!files.has(file)) {
    problems.add(MANIFEST_PATH, undefined, `The course "${folder}" is listed but ${file} is missing.`);
    return null;
  }
  used.add(file);
  const text = decode(files, file, problems);
  const split = text === null ? null : splitFrontMatter(text);
  if (text !== null && !split) {
    problems.add(file, 1, 'A course.md must start with front matter between two "---" lines.');
    return null;
  }
  if (!split) return null;
  const yaml = parseYaml(split.frontMatter, file, split.frontMatterLine, problems);
  if (!yaml) return null;
  const errors = [...Value.Errors(CourseFrontMatter, yaml.value)].filter((e) => e.keyword !== 'boolean');
  for (const error of errors) problems.add(file, yaml.lineOf(error.instancePath), describeSchemaError(error));
  if (errors.length > 0) return null;
  const { modules, ...meta } = yaml.value as CourseFrontMatter;
  claim(meta.id, file, yaml.lineOf('/id'), 'course');

  const parsedModules: ParsedModule[] = modules.map((module, m) => {
    claim(module.id, file, yaml.lineOf(`/modules/${m}/id`), 'module');
    const lessons: ParsedLesson[] = [];
    module.lessons.forEach((slug, l) => {
      const lessonFile = `courses/${folder}/lessons/${slug}.md`;
      if (!files.has(lessonFile)) {
        problems.add(file, yaml.lineOf(`/modules/${m}/lessons/${l}`), `The lesson "${slug}" is listed but ${lessonFile} is missing.`);
        return;
      }
      if (used.has(lessonFile)) {
        problems.add(file, yaml.lineOf(`/modules/${m}/lessons/${l}`), `The lesson "${slug}" is listed twice.`);
        return;
      }
      used.add(lessonFile);
      const lesson = readLesson(files, lessonFile, problems, claim);
      if (lesson) lessons.push(lesson);
    });
    return { id: module.id, title: module.title, lessons };
  });
  return { folder, meta, description: split.body.trim(), modules: parsedModules };
}

function readLesson(files: PackFiles, file: string, problems: Problems, claim: Claim): ParsedLesson | null {
  const text = decode(files, file, problems);
  if (text === null) return null;
  const split = splitFrontMatter(text);
  if (!split) {
    problems.add(file, 1, 'A lesson must start with front matter between two "---" lines (id, title).');
    return null;
  }
  const yaml = parseYaml(split.frontMatter, file, split.frontMatterLine, problems);
  if (!yaml) return null;
  const errors = [...Value.Errors(LessonFrontMatter, yaml.value)].filter((e) => e.keyword !== 'boolean');
  for (const error of errors) problems.add(file, yaml.lineOf(error.instancePath), describeSchemaError(error));
  if (errors.length > 0) return null;
  const meta = yaml.value as LessonMeta;
  claim(meta.id, file, yaml.lineOf('/id'), 'lesson');

  const { blocks, unclosedAt } = findActivityBlocks(split.body, split.bodyLine);
  if (unclosedAt !== null) problems.add(file, unclosedAt, 'This activity block is never closed: end it with a line of ``` .');
  const activities: Activity[] = [];
  for (const block of blocks) {
    const source = parseYaml(block.yaml, file, block.line, problems);
    if (!source) continue;
    const { activity, problems: found } = validateActivity(source.value);
    for (const problem of found) problems.add(file, source.lineOf(problem.path), problem.message);
    if (activity) {
      claim(activity.id, file, source.lineOf('/id'), 'activity');
      activities.push(activity);
    }
  }

  const media: Record<string, string> = {};
  for (const reference of findMediaReferences(split.body, split.bodyLine)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(reference.ref) || reference.ref.startsWith('//')) {
      problems.add(file, reference.line, `"${reference.ref}" is not in the pack. The classroom is offline: put the file in media/ and use a relative path.`);
      continue;
    }
    let decoded: string;
    try {
      decoded = decodeURI(reference.ref);
    } catch {
      problems.add(file, reference.line, `"${reference.ref}" is not a valid file path.`);
      continue;
    }
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), decoded));
    if (!files.has(target)) problems.add(file, reference.line, `The media file "${reference.ref}" is not in the pack (looked for ${target}).`);
    else media[reference.ref] = target;
  }
  return { ...meta, file, body: split.body, activities, media };
}
