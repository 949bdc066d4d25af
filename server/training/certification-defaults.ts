// The programme's default certification levels, used until a trainer edits a
// level (then `certification-level:<hubId>:<levelId>` holds it). Names are
// authored content, given in the hub's default language when we have it.
import type { CertificationLevelDoc } from '../../sync/training-documents.ts';

/** The seed course "Teaching with the digital classroom" (content/seed/darasa-seed). */
export const SEED_TEACHING_COURSE = 'teaching-digital-classroom-en';

export type LevelDefinition = Pick<CertificationLevelDoc, 'levelId' | 'name' | 'rank' | 'requires'>;

const NAMES: Record<string, [string, string]> = {
  en: ['Digital classroom teacher', 'Mentor teacher'],
  fr: ['Enseignant de la classe numérique', 'Enseignant mentor'],
  sw: ['Mwalimu wa darasa la kidijitali', 'Mwalimu mshauri'],
};

export function defaultLevels(language: string | undefined): LevelDefinition[] {
  const [first, second] = NAMES[(language ?? 'en').split('-')[0]!] ?? NAMES.en!;
  return [
    { levelId: 'level-1', name: first, rank: 1, requires: { courseIds: [SEED_TEACHING_COURSE], observedSessions: 2, minAverageScore: 3 } },
    { levelId: 'level-2', name: second, rank: 2, requires: { courseIds: [SEED_TEACHING_COURSE], observedSessions: 4, minAverageScore: 3.5 } },
  ];
}
