// TypeBox schemas of the central dashboard's API.
import { Type } from 'typebox';
import { GROUP_BY } from './impact-figures.ts';
import { TRAINER_GROUP_BY } from './trainer-figures.ts';
import { USERNAME_PATTERN } from './staff.ts';

const Nullable = <T extends ReturnType<typeof Type.Number>>(schema: T) => Type.Union([schema, Type.Null()]);
export const Role = Type.Union([Type.Literal('analyst'), Type.Literal('programme-manager'), Type.Literal('administrator')]);
export const Username = Type.String({ pattern: USERNAME_PATTERN, description: 'lower-case letters, digits, ".", "_" or "-", 2 to 40' });

export const StaffAccount = Type.Object({
  username: Type.String(),
  roles: Type.Array(Role),
  active: Type.Boolean(),
  createdAt: Type.String(),
});

export const SignIn = Type.Object({ username: Type.String({ minLength: 1, maxLength: 40 }), password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export const SessionAnswer = Type.Object({ user: Type.Object({ username: Type.String(), roles: Type.Array(Role) }), csrfToken: Type.String() });

export const NewStaff = Type.Object(
  { username: Username, password: Type.String({ minLength: 10, maxLength: 200, description: 'at least 10 characters' }), roles: Type.Array(Role, { minItems: 1, uniqueItems: true }) },
  { additionalProperties: false },
);
export const StaffChange = Type.Object(
  { roles: Type.Optional(Type.Array(Role, { minItems: 1, uniqueItems: true })), active: Type.Optional(Type.Boolean()), password: Type.Optional(Type.String({ minLength: 10, maxLength: 200 })) },
  { additionalProperties: false, minProperties: 1 },
);

const Sent = Type.Object({ sent: Type.Number(), received: Type.Number() });
export const FleetHub = Type.Object({
  hubId: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  country: Type.Union([Type.String(), Type.Null()]),
  softwareVersion: Type.Union([Type.String(), Type.Null()]),
  lastSuccessAt: Type.Union([Type.String(), Type.Null()]),
  lastSeenAt: Type.Union([Type.String(), Type.Null()]),
  stale: Type.Boolean({ description: 'not heard from for more than staleDays' }),
  pending: Type.Object({ total: Type.Number(), byKind: Type.Record(Type.String(), Type.Number()) }),
  bytes: Type.Union([Type.Object({ today: Sent, month: Sent }), Type.Null()]),
  budget: Type.Union([
    Type.Object({ dailyBytes: Nullable(Type.Number()), monthlyBytes: Nullable(Type.Number()), reached: Type.Union([Type.Literal('day'), Type.Literal('month'), Type.Null()]) }),
    Type.Null(),
  ]),
  refused: Type.Number(),
  conflicts: Type.Number(),
  lastError: Type.Union([Type.String(), Type.Null()]),
});
export const HistoryEntry = Type.Object({
  at: Type.String(),
  lastSuccessAt: Type.Union([Type.String(), Type.Null()]),
  ok: Type.Boolean(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  pending: Type.Number(),
  sentToday: Type.Number(),
  receivedToday: Type.Number(),
});
export const HubPage = Type.Intersect([FleetHub, Type.Object({ history: Type.Array(HistoryEntry, { description: 'the statuses the dashboard has seen, newest first' }) })]);
export const Fleet = Type.Object({ computedAt: Type.String(), staleDays: Type.Number(), hubs: Type.Array(FleetHub) });

export const HubId = Type.Object({ hubId: Type.String({ pattern: '^hub-[a-z2-7]{10}$', description: 'a hub id, e.g. hub-abcdefgh23' }) });

export const Figures = Type.Object({
  learnersReached: Type.Number(),
  newLearners: Type.Number(),
  teachersTrained: Type.Number(),
  classSessions: Nullable(Type.Number()),
  attendanceHours: Nullable(Type.Number()),
  learningHours: Type.Number(),
  lessonsCompleted: Type.Number(),
  coursesCompleted: Type.Number({ description: 'courses whose every live lesson a person completed, dated by the last of those completions' }),
  certificatesIssued: Type.Number({ description: 'of those, the ones the hub issued a certificate for' }),
  averageQuizScore: Nullable(Type.Number()),
  typingGainWpm: Nullable(Type.Number()),
  events: Type.Number(),
});

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
export const ImpactQuery = Type.Object(
  {
    from: Day,
    to: Day,
    groupBy: Type.Optional(Type.Union(GROUP_BY.map((g) => Type.Literal(g)), { default: 'hub', description: GROUP_BY.join(' | ') })),
    hubs: Type.Optional(Type.String({ description: 'comma-separated hub ids (a sponsor\'s trucks); all hubs when absent', maxLength: 4000 })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  },
  { additionalProperties: false },
);

export const ImpactReport = Type.Object({
  from: Type.String(),
  to: Type.String(),
  groupBy: Type.String(),
  computedAt: Type.String({ description: 'when these figures were computed from the views' }),
  complete: Type.Boolean({ description: 'false while some hub\'s views are still being built: its figures are left out' }),
  hubs: Type.Array(Type.Object({ hubId: Type.String(), name: Type.Union([Type.String(), Type.Null()]), country: Type.Union([Type.String(), Type.Null()]), ready: Type.Boolean(), rebuilt: Type.Boolean() })),
  total: Figures,
  groups: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), figures: Figures })),
});

const HubState = Type.Object({ hubId: Type.String(), name: Type.Union([Type.String(), Type.Null()]), country: Type.Union([Type.String(), Type.Null()]), ready: Type.Boolean(), rebuilt: Type.Boolean() });
const Hubs = Type.Optional(Type.String({ description: "comma-separated hub ids (a sponsor's trucks); all hubs when absent", maxLength: 4000 }));
const Format = Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')]));

export const TrainerQuery = Type.Object(
  {
    from: Day,
    to: Day,
    groupBy: Type.Optional(Type.Union(TRAINER_GROUP_BY.map((g) => Type.Literal(g)), { default: 'hub', description: TRAINER_GROUP_BY.join(' | ') })),
    hubs: Hubs,
    format: Format,
  },
  { additionalProperties: false },
);

export const TrainerFigures = Type.Object({
  teachersTrained: Type.Number({ description: 'distinct teachers or trainers with a learning event in the range' }),
  teachersCompletedTraining: Type.Number({ description: "distinct teachers or trainers who completed a course written for teachers (audience 'teacher') in the range" }),
  teachersObserved: Type.Number({ description: 'distinct teachers with an observed session in the range' }),
  observations: Type.Number(),
  averageObservationScore: Nullable(Type.Number()),
  teachersCertified: Type.Number({ description: "distinct teachers with a 'certified' decision in the range" }),
  certifiedByLevel: Type.Record(Type.String(), Type.Number(), { description: 'distinct teachers certified, per level name' }),
});

export const TrainerReport = Type.Object({
  from: Type.String(),
  to: Type.String(),
  groupBy: Type.String(),
  computedAt: Type.String(),
  complete: Type.Boolean(),
  hubs: Type.Array(HubState),
  levels: Type.Array(Type.String()),
  total: TrainerFigures,
  groups: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), figures: TrainerFigures })),
});

export const LibraryQuery = Type.Object({ from: Day, to: Day, hubs: Hubs, format: Format }, { additionalProperties: false });

const Use = { learners: Type.Number(), completions: Type.Number() };
export const LibraryReport = Type.Object({
  from: Type.String(),
  to: Type.String(),
  computedAt: Type.String(),
  complete: Type.Boolean(),
  hubs: Type.Array(HubState),
  courses: Type.Array(
    Type.Object({
      courseId: Type.String(),
      packId: Type.String(),
      packTitle: Type.String(),
      version: Type.String(),
      publishedAt: Type.String(),
      ...Use,
      hubsUsing: Type.Number(),
      byHub: Type.Array(Type.Object({ hubId: Type.String(), label: Type.String(), ...Use })),
    }),
  ),
});
