// The only code touching certification documents, in the `hub` database (they
// replicate to central, where reporting counts certified teachers):
// `certification-level:<hubId>:<levelId>` (absent until a trainer edits the
// default level) and `certification:<hubId>:<id>`, one per decision, written once
// (a certified one's id is fixed by teacher and level: at most one per level).
import type { CertificationDoc, CertificationLevelDoc } from '../../sync/training-documents.ts';
import { makeHubDocId } from '../../sync/ids.ts';
import { Repository } from '../store/repository.ts';
import type { Store } from '../store/store.ts';

export class CertificationRepository {
  readonly levels: Repository<CertificationLevelDoc>;
  readonly decisions: Repository<CertificationDoc>;

  constructor(store: Store, readonly hubId = store.hubId) {
    this.levels = new Repository<CertificationLevelDoc>(store.databases.hub, 'certification-level');
    this.decisions = new Repository<CertificationDoc>(store.databases.hub, 'certification');
  }

  levelDocId = (levelId: string) => makeHubDocId('certification-level', this.hubId, levelId);
  newDecisionId = () => this.decisions.newId(this.hubId);
  /** A certified decision's id is fixed by teacher and level, so two trainers
   * certifying at the same moment collide (409) instead of writing two. */
  certifiedId = (teacherId: string, levelId: string) => makeHubDocId('certification', this.hubId, `${teacherId.replace(/^person:/, '').replace(/:/g, '.')}.${levelId}.certified`);
  getDecision = (id: string) => this.decisions.get(id);

  /** This hub's stored levels (edited or added by its trainers). */
  listLevels = () => this.levels.list({ hubId: this.hubId });
  getLevel = (levelId: string) => this.levels.get(this.levelDocId(levelId));
  putLevel = (doc: CertificationLevelDoc) => this.levels.put(doc);

  listDecisions = () => this.decisions.list();
  putDecision = (doc: CertificationDoc) => this.decisions.put(doc);

  /** A teacher's decisions, newest first. */
  async decisionsOf(teacherId: string): Promise<CertificationDoc[]> {
    return (await this.decisions.list()).filter((doc) => doc.teacherId === teacherId).sort((a, b) => b.decidedAt.localeCompare(a.decidedAt));
  }
}
