// Search: builds the index over a generated corpus the size of a full hub
// (40 courses × 50 lessons of ~300 words, half English, half French) and times
// queries of 1–3 words drawn from the corpus, some ending in a prefix as when a
// learner is still typing. The corpus is seeded, so runs compare.
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { SearchIndex, type SearchDoc } from '../../server/search/search-index.ts';
import { median, percentile, round, type Benchmark, type BenchRow } from './harness.ts';

const COURSES = 40;
const LESSONS_PER_COURSE = 50;
const WORDS_PER_LESSON = 300;
const QUERIES = Number(process.env.BENCH_SEARCH_QUERIES ?? 3000);
const BUILD_RUNS = 3;
const TOPIC_WORDS = 150;
const TOPIC_SHARE = 0.5;

const ENGLISH = `computer keyboard mouse screen file folder window program internet browser page link email message password
account document letter number word sentence paragraph table picture photo camera video sound music phone battery power
cable network signal printer paper print save open close copy paste delete move search find type write read learn teach
lesson course student teacher class school book story question answer test score health water farm crop market money
price business plan budget record data chart graph map weather rain season family village community lesson practice
exercise example step button menu icon desktop start shut restart update install software hardware memory storage drive
disk card slot port light switch connect share send receive download upload safe secure private public friend group
team project report result mistake problem solution idea simple quick careful important useful different first last
next previous small large long short new old good better best right left top bottom middle corner edge inside outside
hand finger eye head body doctor nurse clinic medicine vaccine mother child baby food bean maize rice fish chicken milk`;
const FRENCH = `ordinateur clavier souris écran fichier dossier fenêtre programme internet navigateur page lien courriel message
mot passe compte document lettre nombre phrase paragraphe tableau image photo appareil vidéo son musique téléphone
batterie énergie câble réseau imprimante papier imprimer enregistrer ouvrir fermer copier coller supprimer déplacer
chercher trouver taper écrire lire apprendre enseigner leçon cours élève enseignant classe école livre histoire question
réponse santé eau ferme récolte marché argent prix entreprise budget données carte météo pluie saison famille village
communauté pratique exercice exemple étape bouton menu icône bureau démarrer éteindre redémarrer installer logiciel
matériel mémoire stockage disque port lumière brancher partager envoyer recevoir télécharger sécurité privé public ami
groupe équipe projet résultat erreur problème solution idée simple rapide prudent important utile différent premier
dernier suivant petit grand long court nouveau vieux bon meilleur droite gauche haut bas milieu coin main doigt œil tête
corps médecin infirmière médicament vaccin mère enfant bébé nourriture haricot maïs riz poisson poulet lait`;
const ENGLISH_ENDINGS = ['', 's', 'ing', 'ed', 'er'];
const FRENCH_ENDINGS = ['', 's', 'es', 'ait', 'ons', 'é'];
const FUNCTION_WORDS = { en: 'the a of to and in is it on for with you this that'.split(' '), fr: 'le la les de des du un une et à en pour sur est avec'.split(' ') };
const SYLLABLES = 'ka ri mo te lu sa ne po vi da ge ho ma zi tu be la fo ni ru'.split(' ');

// mulberry32: a small seeded generator, so every run indexes the same corpus.
function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Vocabulary { language: 'en' | 'fr'; words: string[] }

function vocabulary(language: 'en' | 'fr', random: () => number): Vocabulary {
  const base = (language === 'en' ? ENGLISH : FRENCH).split(/\s+/);
  const endings = language === 'en' ? ENGLISH_ENDINGS : FRENCH_ENDINGS;
  const words = base.flatMap((word) => endings.map((ending) => word + ending));
  // Rare made-up words (names, places, jargon) widen the vocabulary as real lessons do.
  for (let i = 0; i < 3000; i++) {
    const length = 2 + Math.floor(random() * 3);
    words.push(Array.from({ length }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join(''));
  }
  return { language, words: [...new Set(words)] };
}

// Zipf-like: the first words of a list are drawn far more often than the rest.
function zipf(words: string[], random: () => number): string {
  return words[Math.floor(words.length * random() ** 2)]!;
}

// Each course favours its own words (a course on farming says "crop" more than
// one on e-mail), as real lessons do; the rest come from the whole language.
interface Course { id: string; language: 'en' | 'fr'; title: string; topic: string[]; vocabulary: Vocabulary }

function makeCourses(random: () => number, vocabularies: Vocabulary[]): Course[] {
  return Array.from({ length: COURSES }, (_, c) => {
    const vocabulary = vocabularies[c % 2]!;
    const topic = Array.from({ length: TOPIC_WORDS }, () => vocabulary.words[Math.floor(random() * vocabulary.words.length)]!);
    return { id: `course-${c}`, language: vocabulary.language, title: `${topic[0]} ${topic[1]} ${c}`, topic, vocabulary };
  });
}

function pick(course: Course, random: () => number): string {
  return random() < TOPIC_SHARE ? zipf(course.topic, random) : zipf(course.vocabulary.words, random);
}

function makeCorpus(random: () => number, courses: Course[]): SearchDoc[] {
  const docs: SearchDoc[] = [];
  for (const course of courses) {
    const functionWords = FUNCTION_WORDS[course.language];
    for (let l = 0; l < LESSONS_PER_COURSE; l++) {
      const words: string[] = [];
      for (let w = 0; w < WORDS_PER_LESSON; w++) {
        words.push(random() < 0.3 ? functionWords[Math.floor(random() * functionWords.length)]! : pick(course, random));
        if (random() < 0.08) words[words.length - 1] += '.';
      }
      docs.push({
        courseId: course.id, lessonId: `lesson-${l}`, language: course.language, courseTitle: course.title,
        title: `${pick(course, random)} ${pick(course, random)}`, text: words.join(' '), tags: [pick(course, random), pick(course, random)],
      });
    }
  }
  return docs;
}

// Learners search for words of the lessons they follow, in that course's language.
function makeQueries(random: () => number, courses: Course[]): { query: string; lang?: string }[] {
  return Array.from({ length: QUERIES }, () => {
    const course = courses[Math.floor(random() * courses.length)]!;
    const words = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(course, random));
    // One query in four stops mid-word, as while typing.
    if (random() < 0.25) words[words.length - 1] = words[words.length - 1]!.slice(0, 2 + Math.floor(random() * 3));
    return { query: words.join(' '), lang: random() < 0.5 ? course.language : undefined };
  });
}

/** The worst query we can think of: the three words found in most lessons, the last cut to two letters, in all languages. */
function worstQuery(docs: SearchDoc[]): string {
  const lessonsWith = new Map<string, number>();
  for (const doc of docs) for (const word of new Set(doc.text.toLowerCase().split(/[^\p{L}]+/u))) lessonsWith.set(word, (lessonsWith.get(word) ?? 0) + 1);
  const skip = new Set([...FUNCTION_WORDS.en, ...FUNCTION_WORDS.fr, '']);
  const common = [...lessonsWith].filter(([word]) => !skip.has(word)).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([word]) => word);
  return `${common[0]} ${common[1]} ${common[2]!.slice(0, 2)}`;
}

// A heap figure means something only after a full collection: use --expose-gc's
// gc, or expose it through V8's flags (supported, if undocumented, in Node 20).
function findGc(): (() => void) | undefined {
  if (typeof globalThis.gc === 'function') return globalThis.gc as () => void;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

function heapUsed(gc: (() => void) | undefined): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

export const search: Benchmark = {
  name: 'search',
  async run() {
    const random = seededRandom(20260101);
    const vocabularies = [vocabulary('en', random), vocabulary('fr', random)];
    const courses = makeCourses(random, vocabularies);
    const docs = makeCorpus(random, courses);
    const queries = makeQueries(random, courses);
    const gc = findGc();

    const builds: number[] = [];
    for (let i = 0; i < BUILD_RUNS; i++) {
      const started = performance.now();
      new SearchIndex().rebuild(docs);
      builds.push(performance.now() - started);
    }

    const heapBefore = heapUsed(gc);
    const index = new SearchIndex();
    index.rebuild(docs);
    const heapIndex = heapUsed(gc) - heapBefore;

    for (const { query, lang } of queries.slice(0, 200)) index.search(query, { lang }); // warm the JIT
    const latencies: number[] = [];
    let hits = 0;
    for (const { query, lang } of queries) {
      const started = performance.now();
      hits += index.search(query, { lang }).length;
      latencies.push(performance.now() - started);
    }

    const worst = worstQuery(docs);
    const worstLatencies: number[] = [];
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      index.search(worst);
      worstLatencies.push(performance.now() - started);
    }

    const started = performance.now();
    index.replaceCourses(['course-0'], docs.filter((doc) => doc.courseId === 'course-0'));
    const replace = performance.now() - started;

    const p99 = percentile(latencies, 99);
    const corpus = `${docs.length} lessons, ${index.languages().join(' + ')}, ~${WORDS_PER_LESSON} words each`;
    const rows: BenchRow[] = [
      { bench: 'search', metric: 'index build (median)', value: round(median(builds), 0), unit: 'ms', note: `${corpus}; ${BUILD_RUNS} runs` },
      { bench: 'search', metric: 'search latency p50', value: round(median(latencies), 3), unit: 'ms', note: `${queries.length} queries of 1-3 words, 1 in 4 ending in a prefix; half in one language` },
      { bench: 'search', metric: 'search latency p99', value: round(p99, 3), unit: 'ms', target: '≤ 10 ms', meets: p99 <= 10, note: `max ${round(Math.max(...latencies), 2)} ms; ${round(hits / queries.length, 1)} hits per query` },
      { bench: 'search', metric: 'worst query latency (median)', value: round(median(worstLatencies), 3), unit: 'ms', note: `"${worst}" in all languages: the 3 words in most lessons, the last cut to 2 letters` },
      { bench: 'search', metric: 'replace one course (rebuilds its language)', value: round(replace, 0), unit: 'ms', note: `${LESSONS_PER_COURSE} lessons` },
      { bench: 'search', metric: 'heap used by the index', value: round(heapIndex / 1024 / 1024, 1), unit: 'MB', note: gc ? 'after full GC; lunr indexes only, the documents were already in memory' : 'approximate: no GC available' },
    ];
    return rows;
  },
};
