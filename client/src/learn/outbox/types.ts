// The shape of a learning event as the browser makes it and the hub stores it
// (contract: POST /api/events). An event is immutable once made; its id is
// made here so that sending it twice changes nothing on the hub.

export type Verb = 'opened' | 'answered' | 'mastered' | 'completed' | 'submitted' | 'typed' | 'spent';

export interface EventObject {
  courseId: string;
  lessonId: string;
  activityId?: string;
}

export interface EventResult {
  response?: unknown;
  correct?: boolean;
  score?: number;
  durationMs?: number;
  wpm?: number;
  accuracy?: number;
}

export interface LearningEvent {
  id: string;
  verb: Verb;
  object: EventObject;
  result?: EventResult;
  at: string;
}

/** What the outbox keeps: the event plus whose it is (never sent: the hub takes the person from the session). */
export interface QueuedEvent {
  event: LearningEvent;
  personId: string;
}

export interface IngestAnswer {
  accepted: string[];
  duplicate: string[];
  rejected: { id: string; code: string; message: string }[];
}
