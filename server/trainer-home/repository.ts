// The only code of the trainer's home that reads documents directly: from the
// hub database, the observations and certification decisions trainers write
// (sync/training-documents.ts), the course reviews, and the course drafts
// (sync/authoring-documents.ts). Read-only: those documents are written by
// their own domains (observations, certification, reviews, authoring).
import type { CourseDraftDoc } from '../../sync/authoring-documents.ts';
import type { CertificationDoc, CourseReviewDoc, ObservationDoc } from '../../sync/training-documents.ts';
import { Repository } from '../store/repository.ts';
import type { Store } from '../store/store.ts';

export class TrainerHomeRepository {
  readonly #observations: Repository<ObservationDoc>;
  readonly #certifications: Repository<CertificationDoc>;
  readonly #reviews: Repository<CourseReviewDoc>;
  readonly #drafts: Repository<CourseDraftDoc>;

  constructor(store: Store) {
    const db = store.databases.hub;
    this.#observations = new Repository<ObservationDoc>(db, 'observation');
    this.#certifications = new Repository<CertificationDoc>(db, 'certification');
    this.#reviews = new Repository<CourseReviewDoc>(db, 'course-review');
    this.#drafts = new Repository<CourseDraftDoc>(db, 'course-draft');
  }

  /** Every observation on this hub (any hub's id prefix: roaming trainers' too). */
  listObservations = () => this.#observations.list();
  listCertifications = () => this.#certifications.list();
  listReviews = () => this.#reviews.list();
  listCourseDrafts = () => this.#drafts.list();
}
