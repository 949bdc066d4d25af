import { Type } from 'typebox';
import { ConflictEntry } from './conflict-schemas.ts';

export const ConnectionBody = Type.Union([
  Type.Object(
    { pairingCode: Type.String({ minLength: 10, maxLength: 2000, description: 'the code printed by `darasa central register-hub` (a secret)' }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      centralUrl: Type.String({ pattern: '^https?://', maxLength: 500, description: "central's address, e.g. https://central.example.org" }),
      hubId: Type.Optional(Type.String({ pattern: '^hub-[a-z2-7]{10}$' })),
      username: Type.String({ minLength: 1, maxLength: 200 }),
      password: Type.String({ minLength: 1, maxLength: 500 }),
    },
    { additionalProperties: false },
  ),
]);

const Bytes = Type.Object({ sent: Type.Integer(), received: Type.Integer() });

export const SyncStatus = Type.Object({
  connected: Type.Boolean(),
  centralUrl: Type.Union([Type.String(), Type.Null()]),
  running: Type.Boolean(),
  progress: Type.Union([Type.Object({ written: Type.Integer() }), Type.Null()]),
  lastSuccessAt: Type.Union([Type.String(), Type.Null()]),
  lastAttemptAt: Type.Union([Type.String(), Type.Null()]),
  pending: Type.Object({ total: Type.Integer(), byKind: Type.Record(Type.String(), Type.Integer()) }, { description: 'records not yet confirmed by central, by document type' }),
  bytes: Type.Object({ today: Bytes, month: Bytes }, { description: 'bytes on the wire, counted at the HTTP layer' }),
  budget: Type.Object({
    dailyBytes: Type.Union([Type.Integer(), Type.Null()]),
    monthlyBytes: Type.Union([Type.Integer(), Type.Null()]),
    reached: Type.Union([Type.Literal('day'), Type.Literal('month'), Type.Null()]),
    resumesAt: Type.Union([Type.String(), Type.Null()]),
  }),
  refused: Type.Array(Type.Object({ id: Type.String(), reason: Type.String(), at: Type.String() }), { description: 'documents central refused; they stay on the hub' }),
  conflicts: Type.Array(Type.String(), { description: 'ids of documents with conflicting revisions, at the hub or at central (details in conflictDetails)' }),
  conflictDetails: Type.Array(ConflictEntry, { description: 'each conflict the last sync found: where, the document type, its live revisions (winner first); compare with GET /api/sync/conflicts/{id}' }),
  lastError: Type.Union([Type.Object({ code: Type.String(), message: Type.String(), at: Type.String() }), Type.Null()]),
  library: Type.Object({
    lastPulledAt: Type.Union([Type.String(), Type.Null()]),
    available: Type.Integer({ description: "packs in central's shared library at the last pull" }),
    installed: Type.Array(Type.Object({ packId: Type.String(), version: Type.String(), at: Type.String() }), { description: 'library packs installed by recent syncs, newest first' }),
    failed: Type.Array(Type.Object({ packId: Type.String(), version: Type.String(), sha256: Type.String(), reason: Type.String(), refused: Type.Boolean(), at: Type.String() }), {
      description: 'library packs this hub refused (not fetched again) or could not finish (resumed at the next sync)',
    }),
  }, { description: "the shared library pulled from central (courses and their media, as content packs)" }),
  lastRun: Type.Union([
    Type.Object({ at: Type.String(), ok: Type.Boolean(), sent: Type.Integer(), received: Type.Integer(), written: Type.Integer() }),
    Type.Null(),
  ], { description: 'the latest run, finished (ok) or failed: bytes on the wire each way and documents written at central' }),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()], { description: 'when the hub next tries central on its own (a sync, or a reachability probe while central cannot be reached)' }),
  probes: Type.Integer({ description: 'reachability probes since central stopped answering (0 while it answers)' }),
});

export const BudgetBody = Type.Object(
  {
    dailyBytes: Type.Union([Type.Integer({ minimum: 1000 }), Type.Null()], { description: 'bytes per day (UTC), null for no cap' }),
    monthlyBytes: Type.Union([Type.Integer({ minimum: 1000 }), Type.Null()], { description: 'bytes per calendar month, null for no cap' }),
  },
  { additionalProperties: false },
);
