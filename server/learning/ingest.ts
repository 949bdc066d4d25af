// Event ingest: the rules of POST /api/events. An event is acknowledged
// (`accepted` or `duplicate`) only once it is on disk; the id made in the
// browser makes a retry idempotent:
//   - a new id is written (bulkDocs, shared with concurrent requests: repository.ts);
//   - an id already stored with the same content is a `duplicate`: nothing changes;
//   - an id already stored with other content is rejected DUPLICATE_EVENT_CONFLICT:
//     the first write stands (events are never edited).
// The person is always the signed-in one: the body has no personId field, so an
// event can never be recorded for someone else. A stored id (a retry, or two
// requests racing) meets PouchDB's 409 and only then is read and compared.
import type { EventDoc } from '../../sync/documents.ts';
import { Errors } from '../errors.ts';
import type { ContentLookup } from './content-lookup.ts';
import type { FloodLimit } from './flood-limit.ts';
import type { EventRepository } from './repository.ts';
import type { EventsResult, LearningEvent, Rejection } from './schemas.ts';
import { EventRefused, validateEvent } from './validate-event.ts';

export interface Sender {
  personId: string;
  /** The workstation's address (request.ip). */
  workstation: string;
}

/** The part of an event that identifies it: a retry must match it exactly.
 * receivedAt and workstation are the hub's own notes and may differ on a retry. */
function fingerprint(doc: Pick<EventDoc, 'personId' | 'verb' | 'object' | 'result' | 'at'>): string {
  return canonicalJson({ personId: doc.personId, verb: doc.verb, object: doc.object, result: doc.result ?? null, at: doc.at });
}

/** JSON with object keys sorted, so {a,b} and {b,a} compare equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function toDoc(repository: EventRepository, event: LearningEvent, sender: Sender, receivedAt: string): EventDoc {
  return {
    _id: repository.docId(event.id),
    type: 'event',
    createdAt: event.at,
    personId: sender.personId,
    verb: event.verb,
    object: { courseId: event.object.courseId, lessonId: event.object.lessonId, ...(event.object.activityId ? { activityId: event.object.activityId } : {}) },
    ...(event.result ? { result: event.result } : {}),
    at: event.at,
    receivedAt,
    workstation: sender.workstation,
  };
}

export interface IngestDeps {
  repository: EventRepository;
  content: ContentLookup;
  flood: FloodLimit;
  /** Called with the events written by this request, after they are on disk. */
  onWritten(docs: EventDoc[]): void;
}

export async function ingestEvents(deps: IngestDeps, raw: { id: string }[], sender: Sender): Promise<EventsResult> {
  if (!deps.flood.take([`person:${sender.personId}`, `workstation:${sender.workstation}`], raw.length)) {
    throw new Errors.EVENTS_FLOOD(deps.flood.perMinute);
  }
  const accepted: string[] = [];
  const duplicate: string[] = [];
  const rejected: Rejection[] = [];
  const receivedAt = new Date().toISOString();

  // 1. Each event on its own; a second copy of an id inside one batch is set aside for step 3.
  const candidates = new Map<string, { eventId: string; doc: EventDoc }>();
  const repeats: { eventId: string; doc: EventDoc }[] = [];
  for (const item of raw) {
    try {
      const event = await validateEvent(item, deps.content);
      const doc = toDoc(deps.repository, event, sender, receivedAt);
      if (candidates.has(doc._id)) repeats.push({ eventId: event.id, doc });
      else candidates.set(doc._id, { eventId: event.id, doc });
    } catch (error) {
      if (!(error instanceof EventRefused)) throw error;
      rejected.push({ id: item.id, code: error.code, message: error.message });
    }
  }

  // 2. Write the new ones. No read first: almost every event is new, and an id
  //    already stored meets PouchDB's 409 ('exists'), the only case that is read back.
  const compare = (eventId: string, mine: EventDoc, stored: EventDoc | undefined) => {
    if (!stored) throw new Error(`event ${eventId} was reported stored but cannot be read`);
    if (fingerprint(mine) === fingerprint(stored)) duplicate.push(eventId);
    else rejected.push({ id: eventId, code: 'DUPLICATE_EVENT_CONFLICT', message: new Errors.DUPLICATE_EVENT_CONFLICT(eventId).message });
  };
  const fresh = [...candidates.values()].map((candidate) => candidate.doc);
  const outcomes = await deps.repository.createAll(fresh);
  const written = fresh.filter((doc) => outcomes.get(doc._id) === 'written');
  const existing = fresh.filter((doc) => outcomes.get(doc._id) === 'exists');
  const stored = await deps.repository.getMany(existing.map((doc) => doc._id));
  for (const doc of written) accepted.push(candidates.get(doc._id)!.eventId);
  for (const doc of existing) compare(candidates.get(doc._id)!.eventId, doc, stored.get(doc._id));
  // 3. An id repeated inside the batch is compared with what is now stored under it.
  for (const { eventId, doc } of repeats) compare(eventId, doc, stored.get(doc._id) ?? candidates.get(doc._id)!.doc);

  if (written.length > 0) deps.onWritten(written);
  return { accepted, duplicate, rejected };
}
