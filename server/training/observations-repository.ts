// The only code touching observation documents, in the `hub` database (they
// replicate to central, where reporting counts teachers observed):
// `observation-criteria:<hubId>:current` (absent until a trainer edits the
// programme's defaults) and `observation:<hubId>:<id>`, one per observation,
// written once.
import type { ObservationCriteriaDoc, ObservationDoc } from '../../sync/training-documents.ts';
import { makeHubDocId } from '../../sync/ids.ts';
import { Repository } from '../store/repository.ts';
import type { Store } from '../store/store.ts';

export class ObservationRepository {
  readonly criteria: Repository<ObservationCriteriaDoc>;
  readonly observations: Repository<ObservationDoc>;

  constructor(store: Store, readonly hubId = store.hubId) {
    this.criteria = new Repository<ObservationCriteriaDoc>(store.databases.hub, 'observation-criteria');
    this.observations = new Repository<ObservationDoc>(store.databases.hub, 'observation');
  }

  criteriaId = () => makeHubDocId('observation-criteria', this.hubId, 'current');
  newObservationId = () => this.observations.newId(this.hubId);

  getCriteria = () => this.criteria.get(this.criteriaId());
  putCriteria = (doc: ObservationCriteriaDoc) => this.criteria.put(doc);
  putObservation = (doc: ObservationDoc) => this.observations.put(doc);

  /** A teacher's observations, oldest session first (then oldest written). */
  async observationsOf(teacherId: string): Promise<ObservationDoc[]> {
    const all = await this.observations.list();
    return all
      .filter((doc) => doc.teacherId === teacherId)
      .sort((a, b) => a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt));
  }

  listObservations = () => this.observations.list();
}
