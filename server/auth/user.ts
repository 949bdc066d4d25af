// Who is asking: what the guard puts on `request.user` for the handlers.
import type { PersonalFields } from '../../sync/documents.ts';
import type { Person } from '../people/person-record.ts';
import type { Capability } from './capabilities.ts';
import type { Session } from './sessions.ts';

export interface SessionUser {
  id: string;
  displayName: string;
  roles: string[];
  /** The hub the person was created on (people from other hubs arrive by sync). */
  hubId?: string;
  /** The person's preferred language, when their profile has one: the app starts in it. */
  language?: string;
}

export function displayNameOf(person: Pick<PersonalFields, 'givenName' | 'familyName'>): string {
  return [person.givenName, person.familyName].filter(Boolean).join(' ');
}

export function toSessionUser(person: Person): SessionUser {
  const hubId = person._id.split(':')[1];
  return {
    id: person._id,
    displayName: displayNameOf(person),
    roles: [...person.roles],
    ...(hubId ? { hubId } : {}),
    ...(person.language ? { language: person.language } : {}),
  };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The capability (server/auth/capabilities.ts) a caller needs. */
    capability?: Capability;
    /** Anyone may call this route, signed in or not. */
    public?: boolean;
  }
  interface FastifyRequest {
    user: SessionUser | null;
    session: Session | null;
  }
}
