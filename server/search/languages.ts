// Which lunr pipeline each language's words go through. The tokenizer
// (splitWords) already trims punctuation and lowercases, so pipelines hold only
// stop words, accent folding and stemming. The index and query pipelines of a
// language must agree, or a stemmed query word never meets its indexed stem.
import { createRequire } from 'node:module';
import lunr from 'lunr';
import { foldAccents } from './tokens.ts';

export interface LanguagePipelines {
  /** Applied to every word of a document before it enters the index. */
  index: lunr.PipelineFunction[];
  /** Applied to every whole query word before lookup. */
  search: lunr.PipelineFunction[];
  /** Whether words are accent-folded, so query prefixes must be folded too. */
  folds: boolean;
}

// lunr-languages are CommonJS factories that take lunr and add lunr.<code>.
const require = createRequire(import.meta.url);
type LunrLanguage = { stemmer: lunr.PipelineFunction; stopWordFilter: lunr.PipelineFunction };
const lunrWithLanguages = lunr as unknown as Record<string, LunrLanguage | undefined> & { stemmerSupport?: unknown };

// Snowball stemmers that need nothing but lunr.stemmer.support. The others in
// lunr-languages (ja, zh, th, …) need word segmenters or native modules.
const SNOWBALL_LANGUAGES = new Set(['da', 'de', 'du', 'es', 'fi', 'fr', 'hu', 'it', 'nl', 'no', 'pt', 'ro', 'ru', 'sv', 'tr']);

const FOLD_LABEL = 'darasa-fold-accents';
const foldToken: lunr.PipelineFunction = (token) => token.update((word) => foldAccents(word));
// Registered so lunr does not warn on every pipeline.add; guarded because a
// second load of this module (test isolation) would otherwise warn on overwrite.
const registered = (lunr.Pipeline as unknown as { registeredFunctions: Record<string, unknown> }).registeredFunctions;
if (FOLD_LABEL in registered) Object.assign(foldToken, { label: FOLD_LABEL });
else lunr.Pipeline.registerFunction(foldToken, FOLD_LABEL);

const cache = new Map<string, LanguagePipelines>();

/** The pipelines for a language code ('en', 'fr', 'fr-CA', 'sw', …); unknown codes get no stemming. */
export function pipelinesFor(language: string): LanguagePipelines {
  const code = language.toLowerCase().split(/[-_]/)[0] ?? '';
  let pipelines = cache.get(code);
  if (!pipelines) {
    pipelines = choosePipelines(code);
    cache.set(code, pipelines);
  }
  return pipelines;
}

function choosePipelines(code: string): LanguagePipelines {
  if (code === 'en') {
    // English stop words are ASCII, so folding before the filter changes nothing.
    return { index: [lunr.stopWordFilter, foldToken, lunr.stemmer], search: [foldToken, lunr.stemmer], folds: true };
  }
  if (code === 'fr') {
    // Stop words first: the French list is accented ("été", "à"). Folding before
    // stemming feeds the stemmer the same letters whether or not the user typed accents.
    const fr = loadSnowball('fr');
    return { index: [fr.stopWordFilter, foldToken, fr.stemmer], search: [foldToken, fr.stemmer], folds: true };
  }
  if (SNOWBALL_LANGUAGES.has(code)) {
    // Other stemmers keep their own letters (Russian suffixes need "й"; the
    // German and Spanish stemmers drop umlauts and accents themselves).
    const language = loadSnowball(code);
    return { index: [language.stopWordFilter, language.stemmer], search: [language.stemmer], folds: false };
  }
  // Swahili and every language without a stemmer: NO stemming and no stop-word
  // filter (lunr-languages has no Swahili, and an English stemmer would mangle
  // Bantu words); words are only trimmed and lowercased by the tokenizer, and
  // accent-folded so that the rare accented loanword still matches.
  return { index: [foldToken], search: [foldToken], folds: true };
}

function loadSnowball(code: string): LunrLanguage {
  if (!lunrWithLanguages.stemmerSupport) require('lunr-languages/lunr.stemmer.support')(lunr);
  if (!lunrWithLanguages[code]) require(`lunr-languages/lunr.${code}`)(lunr);
  const language = lunrWithLanguages[code];
  if (!language) throw new Error(`lunr-languages did not register lunr.${code}`);
  return language;
}
