// Full-text search over course content: one lunr index per language, built
// synchronously from the plain SearchDocs this class keeps in memory.
// Invariants: a course's entries are always replaced together (never held
// twice), and search() never throws on what a user types — queries are built
// clause by clause from plain words, never through lunr's query parser, whose
// syntax (`foo:`, `+`, `~`, `^`, `*`) throws on ordinary typing.
import lunr from 'lunr';
import { pipelinesFor } from './languages.ts';
import { snippetMaker } from './snippet.ts';
import { foldAccents, splitWords } from './tokens.ts';

export interface SearchDoc {
  courseId: string;
  lessonId: string | null; // null for a course-level entry (course title, description, tags)
  language: string; // 'en', 'fr', 'sw', …
  title: string; // lesson title, or course title for course entries
  courseTitle: string;
  text: string; // plain text (Markdown already stripped by the caller)
  tags: string[];
}

export interface SearchHit {
  courseId: string;
  lessonId: string | null;
  title: string;
  courseTitle: string;
  snippet: string;
  score: number;
}

export interface SearchOptions {
  lang?: string;
  limit?: number;
}

const MAX_QUERY_CHARS = 200;
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
// One letter is too little to guess the word being typed from.
const MIN_PREFIX_CHARS = 2;
// The word being typed matches by prefix too, below a whole-word match.
const PREFIX_BOOST = 0.5;
// A short prefix can stand for hundreds of indexed words, and lunr scores every
// document of every one: only the shortest completions (the nearest to what is
// typed) are searched, which bounds a query's cost whatever the vocabulary.
const MAX_PREFIX_TERMS = 10;

interface LanguageIndex {
  docs: SearchDoc[]; // a document's ref in `index` is its position here
  index: lunr.Index;
  foldsPrefixes: boolean;
}

export class SearchIndex {
  #languages = new Map<string, LanguageIndex>();

  /** Replaces the whole index with these documents (one lunr index per language, built synchronously). */
  rebuild(docs: SearchDoc[]): void {
    const byLanguage = new Map<string, SearchDoc[]>();
    for (const doc of docs) appendTo(byLanguage, doc.language, doc);
    // Built aside and swapped in whole, so a failed build leaves the old index serving.
    const built = new Map<string, LanguageIndex>();
    for (const [language, languageDocs] of byLanguage) built.set(language, buildIndex(language, languageDocs));
    this.#languages = built;
  }

  /**
   * Replaces the entries of these courses (e.g. after a pack import) and
   * rebuilds only the affected languages. A doc whose course is not listed
   * replaces its course too, so that no course is ever indexed twice.
   */
  replaceCourses(courseIds: string[], docs: SearchDoc[]): void {
    const replaced = new Set([...courseIds, ...docs.map((doc) => doc.courseId)]);
    const byLanguage = new Map<string, SearchDoc[]>();
    for (const doc of docs) appendTo(byLanguage, doc.language, doc);
    for (const [language, { docs: current }] of this.#languages) {
      const kept = current.filter((doc) => !replaced.has(doc.courseId));
      if (kept.length === current.length && !byLanguage.has(language)) continue; // untouched
      byLanguage.set(language, [...kept, ...(byLanguage.get(language) ?? [])]);
    }
    const built = new Map<string, LanguageIndex | null>();
    for (const [language, languageDocs] of byLanguage) built.set(language, languageDocs.length > 0 ? buildIndex(language, languageDocs) : null);
    for (const [language, languageIndex] of built) {
      if (languageIndex) this.#languages.set(language, languageIndex);
      else this.#languages.delete(language);
    }
  }

  /** Search one language (or all languages when lang is undefined); never throws on user input. */
  search(query: string, options: SearchOptions = {}): SearchHit[] {
    if (typeof query !== 'string') return [];
    const words = [...new Set(splitWords(query.slice(0, MAX_QUERY_CHARS)))];
    if (words.length === 0) return [];
    const limit = clampLimit(options.limit);
    const searched = options.lang === undefined ? [...this.#languages.values()] : [this.#languages.get(options.lang)].filter((l) => l !== undefined);

    // Scores from different languages' indexes are not strictly comparable
    // (each has its own term statistics); merging them by score is good enough
    // for a learner who searches all languages at once.
    const found: { doc: SearchDoc; score: number }[] = [];
    for (const languageIndex of searched) {
      const { docs } = languageIndex;
      for (const result of queryIndex(languageIndex, words)) found.push({ doc: docs[Number(result.ref)]!, score: result.score });
    }
    found.sort((a, b) => b.score - a.score);
    const snippet = snippetMaker(words);
    return found.slice(0, limit).map(({ doc, score }) => ({
      courseId: doc.courseId,
      lessonId: doc.lessonId,
      title: doc.title,
      courseTitle: doc.courseTitle,
      snippet: snippet(doc.text),
      score,
    }));
  }

  /** Number of documents indexed, over all languages. */
  get size(): number {
    let count = 0;
    for (const { docs } of this.#languages.values()) count += docs.length;
    return count;
  }

  /** Language codes that have at least one document, sorted. */
  languages(): string[] {
    return [...this.#languages.keys()].sort();
  }
}

function buildIndex(language: string, docs: SearchDoc[]): LanguageIndex {
  const pipelines = pipelinesFor(language);
  const builder = new lunr.Builder();
  builder.pipeline.add(...pipelines.index);
  builder.searchPipeline.add(...pipelines.search);
  builder.tokenizer = tokenize;
  builder.ref('ref');
  // The course title is not indexed on lessons: a search for a course's name
  // should find the course entry, not all fifty of its lessons.
  builder.field('title', { boost: 10 });
  builder.field('tags', { boost: 5 });
  builder.field('text');
  docs.forEach((doc, position) => builder.add({ ref: String(position), title: doc.title, tags: doc.tags.join(' '), text: doc.text }));
  return { docs, index: builder.build(), foldsPrefixes: pipelines.folds };
}

// Replaces lunr's tokenizer, which splits on spaces and hyphens only ("l'écran"
// would stay one word) and leaves punctuation to an ASCII-only trimmer. The
// separator is unused; lunr's type for a tokenizer requires one.
const tokenize = Object.assign(
  (value?: unknown, metadata?: object): lunr.Token[] =>
    splitWords(value == null ? '' : String(value)).map((word) => new lunr.Token(word, { ...metadata })),
  { separator: lunr.tokenizer.separator },
);

function queryIndex({ index, foldsPrefixes }: LanguageIndex, words: string[]): lunr.Index.Result[] {
  const typing = words[words.length - 1]!;
  const completions = typing.length >= MIN_PREFIX_CHARS ? complete(index, typing, foldsPrefixes) : [];
  return index.query((query) => {
    for (const word of words) query.term(word, { boost: 1 });
    for (const term of completions) query.term(term, { usePipeline: false, boost: PREFIX_BOOST });
  });
}

// @types/lunr leaves out an index's tokenSet and pipeline (public in lunr) and
// declares TokenSet.fromString as an instance method; it is static.
const TokenSet = lunr.TokenSet as unknown as { fromString(pattern: string): lunr.TokenSet };

/** Indexed terms that start with the word being typed, shortest first, at most MAX_PREFIX_TERMS. */
function complete(index: lunr.Index, typing: string, foldsPrefixes: boolean): string[] {
  const { tokenSet, pipeline } = index as unknown as lunr.Index.Attributes;
  // Prefixes skip the pipeline (a stem is no prefix of what is typed), so they
  // are folded here as indexed words were.
  const prefix = foldsPrefixes ? foldAccents(typing) : typing;
  const wholeWord = new Set(pipeline.runString(typing)); // already searched by its own clause
  const terms = tokenSet.intersect(TokenSet.fromString(`${prefix}*`)).toArray().filter((term) => !wholeWord.has(term));
  if (terms.length <= MAX_PREFIX_TERMS) return terms;
  return terms.sort((a, b) => a.length - b.length || (a < b ? -1 : 1)).slice(0, MAX_PREFIX_TERMS);
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
