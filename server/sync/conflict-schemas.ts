// Schemas of the conflicts API (server/sync/conflicts.ts), also used by the
// status answer's `conflictDetails`.
import { Type } from 'typebox';

export const ConflictEntry = Type.Object({
  id: Type.String(),
  where: Type.Union([Type.Literal('hub'), Type.Literal('central')], { description: "hub: the hub's own database; central: the hub's database at central" }),
  type: Type.String({ description: 'the document type, from the id (hub, event, …)' }),
  revs: Type.Array(Type.String(), { description: 'the live revisions, the current winner first' }),
});

export const ConflictParams = Type.Object({
  id: Type.String({ minLength: 3, maxLength: 300, description: 'the document id, e.g. hub:hub-abcdefgh23:settings' }),
});

export const ConflictDescription = Type.Object({
  id: Type.String(),
  type: Type.String(),
  versions: Type.Array(
    Type.Object({
      rev: Type.String(),
      where: Type.Array(Type.Union([Type.Literal('hub'), Type.Literal('central')]), { description: 'where this version is current' }),
      winner: Type.Boolean({ description: 'the version shown today, until the conflict is resolved' }),
      updatedAt: Type.Union([Type.String(), Type.Null()], { description: "when it was last changed, by the document's updatedAt" }),
      fields: Type.Record(Type.String(), Type.Unknown(), { description: "the document's fields, without _id, _rev and the like" }),
    }),
    { description: 'every live version, the winner first' },
  ),
  differences: Type.Array(Type.String(), { description: 'fields whose values differ between the versions' }),
});

export const ResolveBody = Type.Object(
  { keepRev: Type.String({ pattern: '^[0-9]+-[0-9a-f]{1,64}$', description: 'the revision to keep; every other live version is ended' }) },
  { additionalProperties: false },
);
