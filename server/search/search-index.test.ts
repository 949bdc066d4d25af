import { describe, expect, it } from 'vitest';
import { SearchIndex, type SearchDoc } from './search-index.ts';
import { snippetMaker } from './snippet.ts';

function lesson(courseId: string, lessonId: string, language: string, title: string, text: string, tags: string[] = []): SearchDoc {
  return { courseId, lessonId, language, title, courseTitle: `Course ${courseId}`, text, tags };
}

function course(courseId: string, language: string, title: string, description: string, tags: string[]): SearchDoc {
  return { courseId, lessonId: null, language, title, courseTitle: title, text: description, tags };
}

const corpus: SearchDoc[] = [
  course('basics-en', 'en', 'Computer basics', 'Learn to use a computer for the first time.', ['beginner', 'hardware']),
  lesson('basics-en', 'keyboard', 'en', 'Using the keyboard', 'The keyboard has keys for letters and numbers. Press a key to type.'),
  lesson('basics-en', 'mouse', 'en', 'The mouse', 'Move the mouse to point at things on the screen of the computer.'),
  lesson('basics-en', 'files', 'en', 'Saving files', 'Save your work often so a power cut does not lose it.', ['storage']),
  course('basics-fr', 'fr', "Les bases de l'ordinateur", "Apprendre à utiliser un ordinateur.", ['débutant']),
  lesson('basics-fr', 'ecran', 'fr', "L'écran", "Allumez l'écran avant de commencer. Le cœur du système est l'unité centrale."),
  lesson('basics-fr', 'clavier', 'fr', 'Le clavier', 'Le clavier sert à écrire des lettres et des chiffres.'),
  lesson('basics-fr', 'telephone', 'fr', 'Le telephone', 'Un telephone portable peut aussi envoyer des messages.'),
  course('basics-sw', 'sw', 'Misingi ya kompyuta', 'Jifunze kutumia kompyuta kwa mara ya kwanza.', ['mwanzo']),
  lesson('basics-sw', 'kibodi', 'sw', 'Kutumia kibodi', 'Kibodi ina vitufe vya herufi na namba. Bonyeza kitufe kuandika.'),
];

function indexOf(docs: SearchDoc[] = corpus): SearchIndex {
  const index = new SearchIndex();
  index.rebuild(docs);
  return index;
}

const ids = (hits: { courseId: string; lessonId: string | null }[]) => hits.map((hit) => `${hit.courseId}/${hit.lessonId}`);

describe('SearchIndex', () => {
  it('counts documents and lists the languages indexed', () => {
    const index = indexOf();
    expect(index.size).toBe(corpus.length);
    expect(index.languages()).toEqual(['en', 'fr', 'sw']);
  });

  it('finds an English lesson through its stem: "computers" finds "computer"', () => {
    const hits = indexOf().search('computers', { lang: 'en' });
    expect(ids(hits)).toContain('basics-en/mouse');
    expect(ids(hits)).toContain('basics-en/null');
  });

  it('stems French words: "ordinateurs" finds "ordinateur", "claviers" finds "clavier"', () => {
    const index = indexOf();
    expect(ids(index.search('ordinateurs', { lang: 'fr' }))).toEqual(['basics-fr/null']);
    expect(ids(index.search('claviers', { lang: 'fr' }))[0]).toBe('basics-fr/clavier');
  });

  it('ignores accents and case both ways in French, including after an elided article', () => {
    const index = indexOf();
    for (const query of ['ecran', 'ÉCRAN', 'Écrans']) expect(ids(index.search(query, { lang: 'fr' }))[0]).toBe('basics-fr/ecran');
    // The lesson is written without accents; the learner types them.
    expect(ids(index.search('téléphone', { lang: 'fr' }))[0]).toBe('basics-fr/telephone');
    expect(ids(index.search('coeur', { lang: 'fr' }))).toEqual(['basics-fr/ecran']);
  });

  it('finds Swahili words whole and by prefix, without stemming them', () => {
    const index = indexOf();
    expect(ids(index.search('kibodi', { lang: 'sw' }))[0]).toBe('basics-sw/kibodi');
    expect(ids(index.search('kompy', { lang: 'sw' }))).toEqual(['basics-sw/null']);
    // An English stemmer would reduce "kibodis" to "kibodi"; Swahili is not stemmed.
    expect(index.search('kibodis', { lang: 'sw' })).toEqual([]);
  });

  it('stems other languages lunr-languages knows (German) and indexes unknown ones unstemmed', () => {
    const index = indexOf([
      lesson('de-course', 'a', 'de', 'Rechner', 'Die Schüler arbeiten am Computer.'),
      lesson('am-course', 'a', 'am', 'ኮምፒውተር', 'ኮምፒውተር መማር'),
    ]);
    expect(ids(index.search('Computern', { lang: 'de' }))).toEqual(['de-course/a']); // not a prefix: found by its stem
    expect(ids(index.search('ኮምፒውተር'))).toEqual(['am-course/a']);
    expect(index.languages()).toEqual(['am', 'de']);
  });

  it('finds words by the prefix of the last word typed: "keyb" finds "keyboard"', () => {
    const index = indexOf();
    expect(ids(index.search('keyb'))[0]).toBe('basics-en/keyboard');
    expect(ids(index.search('mouse keyb'))).toEqual(expect.arrayContaining(['basics-en/keyboard', 'basics-en/mouse']));
    // Only the last word is a prefix: "keyb" earlier in the query is a whole word.
    expect(index.search('keyb zzzz')).toEqual([]);
  });

  it('completes a two-letter prefix with the shortest of the many words that share it', () => {
    const random = (i: number) => ((i * 7919) % 26) + 97;
    const docs = Array.from({ length: 200 }, (_, i) =>
      lesson('big', `l${i}`, 'en', `Lesson ${i}`, `pa${String.fromCharCode(random(i), random(i + 1), random(i + 2))}${i}zz`));
    docs.push(lesson('big', 'pan', 'en', 'Cooking', 'Heat the pan.'));
    const hits = indexOf(docs).search('pa', { limit: 100 });
    expect(ids(hits)).toContain('big/pan');
    expect(hits.length).toBeLessThanOrEqual(10); // only the 10 shortest completions are searched
  });

  it('returns arrays and never throws on hostile or odd queries', () => {
    const index = indexOf();
    const queries = ['*', ':', 'title:', 'text:keyboard', '+-~^', '"', '"unclosed', 'key~2', 'key^10', '-mouse', '+', '~', '^',
      'x'.repeat(10_000), 'keyboard '.repeat(2_000), '😀🎉', '<script>alert(1)</script>', 'constructor', '__proto__', 'hasOwnProperty', '\u0000\u200b', 'e\u0301cran'];
    for (const query of queries) {
      const hits = index.search(query);
      expect(Array.isArray(hits), query.slice(0, 20)).toBe(true);
    }
    expect(ids(index.search('text:keyboard'))[0]).toBe('basics-en/keyboard');
    expect(ids(index.search('e\u0301cran'))[0]).toBe('basics-fr/ecran'); // a decomposed "é"
    expect(index.search('keyboard '.repeat(2_000)).length).toBeGreaterThan(0);
  });

  it('returns nothing for an empty or blank query, or an unknown language', () => {
    const index = indexOf();
    expect(index.search('')).toEqual([]);
    expect(index.search('   \n\t ')).toEqual([]);
    expect(index.search('keyboard', { lang: 'de' })).toEqual([]);
    expect(new SearchIndex().search('keyboard')).toEqual([]);
  });

  it('searches one language when asked, and all of them otherwise', () => {
    const index = indexOf([
      lesson('en-course', 'a', 'en', 'Internet', 'The internet connects computers.'),
      lesson('fr-course', 'a', 'fr', 'Internet', "L'internet relie les ordinateurs."),
      lesson('sw-course', 'a', 'sw', 'Intaneti', 'Internet inaunganisha kompyuta.'),
    ]);
    expect(ids(index.search('internet', { lang: 'fr' }))).toEqual(['fr-course/a']);
    expect(ids(index.search('internet')).sort()).toEqual(['en-course/a', 'fr-course/a', 'sw-course/a']);
  });

  it('finds course-level entries by title and tags, and ranks a title match above a text match', () => {
    const index = indexOf();
    const byTag = index.search('beginner');
    expect(byTag[0]).toMatchObject({ courseId: 'basics-en', lessonId: null, title: 'Computer basics', courseTitle: 'Computer basics' });
    const hits = index.search('keyboard');
    expect(ids(hits)[0]).toBe('basics-en/keyboard');
    const byTitle = index.search('mouse');
    expect(byTitle[0]!.lessonId).toBe('mouse');
  });

  it('sorts hits by score and honours the limit (default 20, at most 100)', () => {
    const many = Array.from({ length: 150 }, (_, i) => lesson('big', `l${i}`, 'en', `Lesson ${i}`, `Practice typing ${'practice '.repeat(i % 7)}every day.`));
    const index = indexOf(many);
    const hits = index.search('practice');
    expect(hits).toHaveLength(20);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    expect(index.search('practice', { limit: 5 })).toHaveLength(5);
    expect(index.search('practice', { limit: 1000 })).toHaveLength(100);
    expect(index.search('practice', { limit: -3 })).toHaveLength(1);
  });

  it('replaceCourses drops a course\'s old entries, adds the new ones and leaves other courses alone', () => {
    const index = indexOf();
    index.replaceCourses(['basics-en'], [lesson('basics-en', 'printer', 'en', 'The printer', 'A printer puts your document on paper.')]);
    expect(index.search('keyboard')).toEqual([]);
    expect(ids(index.search('printer'))).toEqual(['basics-en/printer']);
    expect(ids(index.search('clavier'))[0]).toBe('basics-fr/clavier');
    expect(index.size).toBe(corpus.length - 4 + 1);

    // A course that moves to another language leaves no trace in the old one.
    index.replaceCourses(['basics-fr'], [lesson('basics-fr', 'clavier', 'sw', 'Kibodi', 'Kibodi mpya.')]);
    expect(index.languages()).toEqual(['en', 'sw']);
    expect(index.search('clavier')).toEqual([]);
    index.replaceCourses(['basics-sw', 'basics-fr'], []);
    expect(index.languages()).toEqual(['en']);
    expect(index.size).toBe(1);
  });

  it('cuts the snippet around the first matching word, at whole words, with "…" where text was left out', () => {
    const before = 'Long ago people wrote every letter by hand on paper and sent it by post across the country to their families. '.repeat(3);
    const after = ' Later lessons show how to attach a photograph, how to reply, and how to keep your password secret from others. '.repeat(3);
    const text = `${before}To send an Électronique message, open the mail program and click New.${after}`;
    const [hit] = indexOf([lesson('mail', 'send', 'en', 'Sending mail', text)]).search('electronique');
    const snippet = hit!.snippet;
    expect(snippet).toContain('Électronique message');
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet.length).toBeLessThanOrEqual(162);
    // Whole words: every word of the snippet is a word of the text.
    for (const word of snippet.replace(/…/g, '').split(' ')) expect(text.split(/\s+/)).toContain(word);
  });

  it('finds the snippet\'s word written with a ligature or a decomposed accent', () => {
    const filler = 'Some words to fill the lesson and push the match further along the text. '.repeat(3);
    const text = `${filler}Le cœur de la machine et le re\u0301seau. ${filler}`;
    expect(snippetMaker(['coeur'])(text)).toMatch(/^….*Le cœur de la machine.*…$/);
    expect(snippetMaker(['reseau'])(text)).toMatch(/^….*le réseau\..*…$/);
  });

  it('shows the start of the text when the match is only through a stem', () => {
    const text = `Computing is fun. ${'Many words follow here to make the lesson long enough. '.repeat(5)}`;
    const [hit] = indexOf([lesson('c', 'l', 'en', 'Fun', text)]).search('computed');
    expect(hit!.snippet.startsWith('Computing is fun.')).toBe(true);
    expect(hit!.snippet.endsWith('…')).toBe(true);
  });

  it('keeps short texts whole and flattens their line breaks', () => {
    expect(snippetMaker(['two'])('  Line one.\n\nLine   two. ')).toBe('Line one. Line two.');
  });
});
