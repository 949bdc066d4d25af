// The programme's default observation criteria, used until a trainer edits
// them (then `observation-criteria:<hubId>:current` holds the hub's own list).
// Labels are authored content, not UI strings: the defaults are given in the
// hub's default language when we have it, else English. Ids never change.
import type { ObservationCriterion } from '../../sync/training-documents.ts';

const DEFAULTS: Record<string, ObservationCriterion[]> = {
  en: [
    { id: 'preparation', label: 'Preparation', guidance: 'The lesson is planned; workstations, content and materials are ready before learners arrive.' },
    { id: 'workstations', label: 'Use of the workstations', guidance: 'Every learner works on a workstation; the teacher moves around and helps learners use them well.' },
    { id: 'inclusion', label: 'Inclusion', guidance: 'Girls and boys, quiet learners and those who read little all take part; pairs and language are chosen for them.' },
    { id: 'checking-understanding', label: 'Checking understanding', guidance: 'The teacher asks questions, reads the class report and adapts when learners struggle.' },
  ],
  fr: [
    { id: 'preparation', label: 'Préparation', guidance: 'La leçon est planifiée ; postes, contenus et matériel sont prêts avant l\'arrivée des apprenants.' },
    { id: 'workstations', label: 'Utilisation des postes', guidance: 'Chaque apprenant travaille sur un poste ; l\'enseignant circule et aide à bien s\'en servir.' },
    { id: 'inclusion', label: 'Inclusion', guidance: 'Filles et garçons, apprenants discrets ou lisant peu participent tous ; binômes et langue sont choisis pour eux.' },
    { id: 'checking-understanding', label: 'Vérification de la compréhension', guidance: 'L\'enseignant pose des questions, lit le rapport de classe et s\'adapte quand les apprenants peinent.' },
  ],
  sw: [
    { id: 'preparation', label: 'Maandalizi', guidance: 'Somo limepangwa; kompyuta, maudhui na vifaa viko tayari kabla wanafunzi hawajafika.' },
    { id: 'workstations', label: 'Matumizi ya kompyuta', guidance: 'Kila mwanafunzi anatumia kompyuta; mwalimu anazunguka na kuwasaidia kuzitumia vizuri.' },
    { id: 'inclusion', label: 'Ujumuishaji', guidance: 'Wasichana na wavulana, wanafunzi wakimya na wasiosoma sana wote wanashiriki; jozi na lugha huchaguliwa kwa ajili yao.' },
    { id: 'checking-understanding', label: 'Kukagua uelewa', guidance: 'Mwalimu anauliza maswali, anasoma ripoti ya darasa na kubadilika wanafunzi wanapotatizika.' },
  ],
};

export function defaultCriteria(language: string | undefined): ObservationCriterion[] {
  const base = (language ?? 'en').split('-')[0]!;
  return (DEFAULTS[base] ?? DEFAULTS.en!).map((criterion) => ({ ...criterion }));
}
