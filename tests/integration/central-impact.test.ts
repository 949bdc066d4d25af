// Central reporting end to end against the embedded central (real LevelDB on
// disk, real views): three hubs' known data loaded as central's administrator,
// every impact figure checked against figures computed from the raw documents
// (tests/support/impact-data.ts), a hub that arrives late changing past months,
// CSV equal to JSON, and the bad inputs: no sign-in, an analyst doing an
// administrator's action, an unknown hub, reversed and absurd ranges, views
// missing (reported, rebuilt) and views still indexing (shown as such).
// Also issue 8's courses completed and certificates issued, issue 9's trainer
// figures and library use (each against figures from the raw documents, and
// their CSV), and the lockout of the central sign-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../server/config.ts';
import { startEmbeddedCentral, type EmbeddedCentral } from '../../sync/central/embedded.ts';
import { registerHub, hubDatabase } from '../../sync/central/provision.ts';
import { couchRequest } from '../../sync/central/couch-http.ts';
import { TEST_KDF } from '../../server/auth/kdf.ts';
import { buildDashboard } from '../../server/central-dashboard/app.ts';
import { FIGURE_NAMES } from '../../server/central-dashboard/impact-figures.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { courseCompletionDocs, hubStatusDoc, loadHubDocs, makeHubData, putLibraryPack, TEACHER_COURSE, visit, type HubData } from '../support/impact-data.ts';
import { oracleImpact, oracleLibrary, oracleTrainers } from '../support/impact-oracle.ts';
import { impactDesignDoc } from '../../sync/central/impact-views.ts';
import { TRAINER_FIGURE_NAMES } from '../../server/central-dashboard/trainer-figures.ts';

const ADMIN = { user: 'admin', password: 'central-test-password' };
const MONTHS = ['2026-08', '2026-09', '2026-10'];
const HUBS = ['hub-impactaaa2', 'hub-impactbbb3', 'hub-impactccc4'];

let central: EmbeddedCentral;
let centralAdmin: { url: string; adminUser: string; adminPassword: string };
let app: FastifyInstance;
let hubs: HubData[];
let adminCookie: string;
let adminCsrf: string;
let analystCookie: string;

async function signIn(username: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const response = await app.inject({ method: 'POST', url: '/api/central/session', payload: { username, password } });
  expect(response.statusCode, response.body).toBe(200);
  const setCookie = String(response.headers['set-cookie']);
  return { cookie: setCookie.split(';')[0]!, csrf: response.json().csrfToken };
}

async function impact(query: string, cookie = analystCookie) {
  return app.inject({ method: 'GET', url: `/api/central/impact?${query}`, headers: { cookie } });
}

beforeAll(async () => {
  const dataDir = await makeTempDir('darasa-central-impact-');
  central = await startEmbeddedCentral({ dataDir, adminUser: ADMIN.user, adminPassword: ADMIN.password, port: 0 });
  centralAdmin = { url: central.url, adminUser: ADMIN.user, adminPassword: ADMIN.password };
  const kisumu = makeHubData(HUBS[0]!, { name: 'Truck Kisumu', country: 'KE', seed: 1, events: 700, months: MONTHS });
  hubs = [
    kisumu,
    // Kisumu's teacher visits Arusha (roaming staff) and completes the teachers' course there first.
    visit(kisumu, makeHubData(HUBS[1]!, { name: 'Truck Arusha', country: 'TZ', seed: 2, events: 500, months: MONTHS }), MONTHS),
    makeHubData(HUBS[2]!, { name: 'Truck Nakuru', country: 'KE', seed: 3, events: 600, months: MONTHS }),
  ];
  await putLibraryPack(centralAdmin, 'community-reading', 'Community reading', ['reading-2', 'unused-course']);
  for (const hub of hubs.slice(0, 2)) {
    await registerHub(centralAdmin, hub.hubId);
    await loadHubDocs(centralAdmin, hub.hubId, [...hub.docs, hubStatusDoc(hub.hubId, new Date().toISOString(), '2026-10-30T10:00:00.000Z')]);
  }
  app = await buildDashboard({
    central: centralAdmin,
    version: 'test',
    clientDir: null,
    logLevel: 'silent',
    kdf: TEST_KDF,
    staleDays: 7,
    indexWaitMs: 60_000,
    sessionHours: 1.5,
    firstAdministrator: { username: 'chief', password: 'chief-password-1' },
  });
  ({ cookie: adminCookie, csrf: adminCsrf } = await signIn('chief', 'chief-password-1'));
  const created = await app.inject({
    method: 'POST',
    url: '/api/central/staff',
    headers: { cookie: adminCookie, 'x-csrf-token': adminCsrf },
    payload: { username: 'ana', password: 'analyst-password-1', roles: ['analyst'] },
  });
  expect(created.statusCode, created.body).toBe(201);
  analystCookie = (await signIn('ana', 'analyst-password-1')).cookie;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await central?.close();
  await removeTempDirs();
});

describe('impact figures equal figures computed from the raw events', () => {
  for (const groupBy of ['hub', 'country', 'course', 'month', 'gender', 'ageBand']) {
    it(`by ${groupBy}, two hubs, the whole period`, async () => {
      const response = await impact(`from=2026-08-01&to=2026-10-31&groupBy=${groupBy}`);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      const expected = oracleImpact(hubs.slice(0, 2), '2026-08-01', '2026-10-31', groupBy, 1.5);
      expect(body.complete).toBe(true);
      expect(body.total).toEqual(expected.total);
      expect(body.groups.map((g: { key: string; figures: unknown }) => ({ key: g.key, figures: g.figures }))).toEqual(expected.groups);
      expect(Date.parse(body.computedAt)).not.toBeNaN();
      // The data set does exercise the course figures.
      expect(body.total.coursesCompleted).toBeGreaterThan(3);
      expect(body.total.certificatesIssued).toBe(body.total.coursesCompleted);
    }, 60_000);
  }

  for (const [from, to] of [['2026-08-10', '2026-10-20'], ['2026-09-03', '2026-09-17'], ['2026-08-15', '2026-09-30'], ['2026-09-01', '2026-10-09']]) {
    it(`a range with partial months (${from} to ${to}), by gender`, async () => {
      const response = await impact(`from=${from}&to=${to}&groupBy=gender`);
      expect(response.statusCode, response.body).toBe(200);
      const expected = oracleImpact(hubs.slice(0, 2), from!, to!, 'gender', 1.5);
      expect(response.json().total).toEqual(expected.total);
      expect(response.json().groups.map((g: { key: string; figures: unknown }) => ({ key: g.key, figures: g.figures }))).toEqual(expected.groups);
    }, 60_000);
  }

  it('one month, one hub chosen, by course', async () => {
    const response = await impact(`from=2026-09-01&to=2026-09-30&groupBy=course&hubs=${HUBS[1]}`);
    expect(response.statusCode, response.body).toBe(200);
    // Kisumu's visiting teacher is known from Kisumu's records though Kisumu is not chosen.
    const expected = oracleImpact([hubs[1]!], '2026-09-01', '2026-09-30', 'course', 1.5, hubs);
    expect(response.json().total).toEqual(expected.total);
    expect(response.json().hubs.map((h: { hubId: string }) => h.hubId)).toEqual([HUBS[1]]);
  }, 60_000);

  it('counts a visiting teacher as a teacher on the truck visited, and a course completed on two trucks once, where it came first', async () => {
    const visitor = `person:${HUBS[0]}:t0`;
    const recorded = hubs.slice(0, 2).flatMap((hub) => hub.docs.filter((d) => d.type === 'course-completion' && d.personId === visitor && d.courseId === TEACHER_COURSE));
    expect(recorded.map((d) => String(d._id).split(':')[1])).toEqual([HUBS[0], HUBS[1]]); // each truck recorded it
    const byHub = (await impact('from=2026-08-01&to=2026-10-31&groupBy=hub')).json();
    const allRecorded = hubs.slice(0, 2).flatMap((hub) => hub.docs.filter((d) => d.type === 'course-completion')).length;
    expect(byHub.total.coursesCompleted).toBe(allRecorded - 1);
    expect(byHub.total).toEqual(oracleImpact(hubs.slice(0, 2), '2026-08-01', '2026-10-31', 'hub', 1.5).total);
    // Arusha, chosen alone: the visitor is a teacher there, not a learner reached.
    const arusha = (await impact(`from=2026-09-01&to=2026-09-30&groupBy=hub&hubs=${HUBS[1]}`)).json();
    const alone = oracleImpact([hubs[1]!], '2026-09-01', '2026-09-30', 'hub', 1.5, hubs);
    expect(arusha.total).toEqual(alone.total);
    expect(alone.total.learnersReached).toBe(oracleImpact([hubs[1]!], '2026-09-01', '2026-09-30', 'hub', 1.5, [hubs[1]!]).total.learnersReached - 1);
    // The trainer figures: the teachers' course completed counts on Arusha, where it came first.
    const trainers = (await app.inject({ method: 'GET', url: '/api/central/trainers?from=2026-08-01&to=2026-10-31&groupBy=hub', headers: { cookie: analystCookie } })).json();
    expect(trainers.groups.map((g: { key: string; figures: unknown }) => ({ key: g.key, figures: g.figures }))).toEqual(oracleTrainers(hubs.slice(0, 2), '2026-08-01', '2026-10-31', 'hub').groups);
  }, 60_000);

  it('a hub that syncs late changes past months', async () => {
    const before = (await impact('from=2026-08-01&to=2026-08-31&groupBy=month')).json();
    await registerHub(centralAdmin, hubs[2]!.hubId);
    await loadHubDocs(centralAdmin, hubs[2]!.hubId, hubs[2]!.docs);
    const after = (await impact('from=2026-08-01&to=2026-08-31&groupBy=month')).json();
    expect(after.total.events).toBeGreaterThan(before.total.events);
    expect(after.total).toEqual(oracleImpact(hubs, '2026-08-01', '2026-08-31', 'month', 1.5).total);
    expect(Date.parse(after.computedAt)).toBeGreaterThanOrEqual(Date.parse(before.computedAt));
    const byHub = (await impact('from=2026-08-01&to=2026-10-31&groupBy=hub')).json();
    expect(byHub.groups.map((g: { key: string; figures: unknown }) => ({ key: g.key, figures: g.figures }))).toEqual(oracleImpact(hubs, '2026-08-01', '2026-10-31', 'hub', 1.5).groups);
    expect(byHub.groups.find((g: { key: string }) => g.key === HUBS[2]).label).toBe('Truck Nakuru');
  }, 90_000);

  it('records a hub sends later change figures already shown for the same period', async () => {
    const query = 'from=2026-08-01&to=2026-09-30&groupBy=month';
    const before = (await impact(query)).json();
    const late = (hubs[0]!.docs.filter((d) => d.type === 'event').slice(0, 40) as Record<string, unknown>[]).map((d, i) => ({
      ...d,
      _id: `event:${HUBS[0]}:late${i}`,
      personId: `person:${HUBS[0]}:newcomer${i % 3}`,
      at: `2026-08-2${i % 8}T10:00:00.000Z`,
    }));
    hubs[0]!.docs.push(...late);
    // The hub records the courses these events complete, as it would.
    const known = new Set(hubs[0]!.docs.map((d) => d._id));
    const facts = courseCompletionDocs(HUBS[0]!, hubs[0]!.docs).filter((d) => !known.has(d._id));
    hubs[0]!.docs.push(...facts);
    await loadHubDocs(centralAdmin, HUBS[0]!, [...late, ...facts]);
    const after = (await impact(query)).json();
    expect(after.total.events).toBe(before.total.events + late.length);
    expect(after.total).toEqual(oracleImpact(hubs, '2026-08-01', '2026-09-30', 'month', 1.5).total);
    expect(after.groups.map((g: { key: string; figures: unknown }) => ({ key: g.key, figures: g.figures }))).toEqual(oracleImpact(hubs, '2026-08-01', '2026-09-30', 'month', 1.5).groups);
  }, 60_000);

  it('the CSV holds the same figures as the JSON', async () => {
    const json = (await impact('from=2026-08-01&to=2026-10-31&groupBy=gender')).json();
    const response = await impact('from=2026-08-01&to=2026-10-31&groupBy=gender&format=csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toContain('darasa-impact-2026-08-01-2026-10-31-by-gender.csv');
    const rows = parse(response.body, { columns: true }) as Record<string, string>[];
    const asCsv = (figures: Record<string, number | null>) => Object.fromEntries(FIGURE_NAMES.map((n) => [n, figures[n] === null ? '' : String(figures[n])]));
    expect(rows.map((row) => ({ key: row.gender, ...Object.fromEntries(FIGURE_NAMES.map((n) => [n, row[n]])) }))).toEqual([
      ...json.groups.map((g: { key: string; figures: Record<string, number | null> }) => ({ key: g.key, ...asCsv(g.figures) })),
      { key: 'total', ...asCsv(json.total) },
    ]);
  }, 60_000);
});

describe("issue 9's trainer figures and library use equal figures from the raw documents", () => {
  const trainers = (query: string, cookie = analystCookie) => app.inject({ method: 'GET', url: `/api/central/trainers?${query}`, headers: { cookie } });
  const library = (query: string, cookie = analystCookie) => app.inject({ method: 'GET', url: `/api/central/library?${query}`, headers: { cookie } });

  for (const groupBy of ['hub', 'country', 'month'] as const) {
    it(`teachers trained, observed and certified (by level), by ${groupBy}`, async () => {
      for (const [from, to] of [['2026-08-01', '2026-10-31'], ['2026-09-01', '2026-09-30'], ['2026-08-10', '2026-10-22']] as const) {
        const response = await trainers(`from=${from}&to=${to}&groupBy=${groupBy}`);
        expect(response.statusCode, response.body).toBe(200);
        const body = response.json();
        const expected = oracleTrainers(hubs.filter((h) => body.hubs.some((s: { hubId: string }) => s.hubId === h.hubId)), from, to, groupBy);
        expect(body.complete).toBe(true);
        expect(body.total).toEqual(expected.total);
        expect(body.levels).toEqual(expected.levels);
        expect(body.groups.map((g: { key: string; figures: unknown }) => ({ key: g.key, figures: g.figures }))).toEqual(expected.groups);
      }
    }, 60_000);
  }

  it('the whole period has teachers observed and certified at two levels', async () => {
    const body = (await trainers('from=2026-08-01&to=2026-10-31&groupBy=hub')).json();
    expect(body.total.teachersObserved).toBeGreaterThan(1);
    expect(body.total.teachersCertified).toBeGreaterThan(1);
    expect(body.levels).toEqual(['Mentor', 'Practitioner']);
    expect(body.total.teachersTrained).toBeGreaterThan(1);
    // One teacher a hub completed the teachers' course; the other did three lessons of four.
    expect(body.total.teachersCompletedTraining).toBe(body.hubs.length);
  });

  it('the trainer CSV holds the same figures as the JSON', async () => {
    const json = (await trainers('from=2026-08-01&to=2026-10-31&groupBy=month')).json();
    const response = await trainers('from=2026-08-01&to=2026-10-31&groupBy=month&format=csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain('darasa-trainers-2026-08-01-2026-10-31-by-month.csv');
    const rows = parse(response.body, { columns: true }) as Record<string, string>[];
    const asCsv = (figures: Record<string, unknown> & { certifiedByLevel: Record<string, number> }) => ({
      ...Object.fromEntries(TRAINER_FIGURE_NAMES.map((n) => [n, figures[n] === null ? '' : String(figures[n])])),
      ...Object.fromEntries(json.levels.map((l: string) => [`certified: ${l}`, String(figures.certifiedByLevel[l] ?? 0)])),
    });
    const pick = (row: Record<string, string>) => ({ key: row.month, ...Object.fromEntries([...TRAINER_FIGURE_NAMES, ...json.levels.map((l: string) => `certified: ${l}`)].map((n) => [n, row[n]])) });
    expect(rows.map(pick)).toEqual([
      ...json.groups.map((g: { key: string; figures: never }) => ({ key: g.key, ...asCsv(g.figures) })),
      { key: 'total', ...asCsv(json.total) },
    ]);
  });

  it('library courses: learners and completions per hub', async () => {
    for (const [from, to] of [['2026-08-01', '2026-10-31'], ['2026-09-05', '2026-09-30']] as const) {
      const response = await library(`from=${from}&to=${to}`);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      const included = hubs.filter((h) => body.hubs.some((s: { hubId: string }) => s.hubId === h.hubId));
      expect(body.courses.map((c: { courseId: string; learners: number; completions: number; hubsUsing: number; byHub: { hubId: string; learners: number; completions: number }[] }) => ({
        courseId: c.courseId, learners: c.learners, completions: c.completions, hubsUsing: c.hubsUsing, byHub: c.byHub.map((h) => ({ hubId: h.hubId, learners: h.learners, completions: h.completions })),
      }))).toEqual(oracleLibrary(included, ['reading-2', 'unused-course'], from, to));
      expect(body.courses[0]).toMatchObject({ packId: 'community-reading', packTitle: 'Community reading', version: '1.0.0' });
    }
    const whole = (await library('from=2026-08-01&to=2026-10-31')).json();
    expect(whole.courses.find((c: { courseId: string }) => c.courseId === 'reading-2').hubsUsing).toBeGreaterThan(1);
    expect(whole.courses.find((c: { courseId: string }) => c.courseId === 'reading-2').completions).toBeGreaterThan(0);
  });

  it('the library CSV holds the same figures as the JSON', async () => {
    const json = (await library('from=2026-08-01&to=2026-10-31')).json();
    const response = await library('from=2026-08-01&to=2026-10-31&format=csv');
    expect(response.statusCode).toBe(200);
    const rows = parse(response.body, { columns: true }) as Record<string, string>[];
    const expected = json.courses.flatMap((c: { courseId: string; learners: number; completions: number; byHub: { hubId: string; learners: number; completions: number }[] }) => [
      ...c.byHub.map((h) => ({ courseId: c.courseId, hub: h.hubId, learners: String(h.learners), completions: String(h.completions) })),
      { courseId: c.courseId, hub: 'total', learners: String(c.learners), completions: String(c.completions) },
    ]);
    expect(rows.map((r) => ({ courseId: r.courseId, hub: r.hub, learners: r.learners, completions: r.completions }))).toEqual(expected);
  });

  it('answers 400 for a bad range and 404 for an unknown hub, like the impact figures', async () => {
    expect((await trainers('from=2026-10-01&to=2026-09-01')).json().code).toBe('IMPACT_RANGE_INVALID');
    expect((await library('from=1999-10-01&to=2026-09-01')).statusCode).toBe(400);
    expect((await trainers('from=2026-08-01&to=2026-09-01&groupBy=gender')).statusCode).toBe(400);
    const unknown = await library('from=2026-08-01&to=2026-09-01&hubs=hub-nosuchhub7');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('UNKNOWN_HUB');
  });
});

describe('the fleet', () => {
  it('lists every hub with its name, country and last sync; a silent hub stands out', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/central/hubs', headers: { cookie: analystCookie } });
    expect(response.statusCode, response.body).toBe(200);
    const fleet = response.json().hubs as { hubId: string; name: string; country: string; lastSuccessAt: string | null; stale: boolean; pending: { total: number } }[];
    expect(fleet.map((h) => h.hubId)).toEqual(HUBS);
    expect(fleet[0]).toMatchObject({ name: 'Truck Kisumu', country: 'KE', lastSuccessAt: '2026-10-30T10:00:00.000Z', stale: false, pending: { total: 4 } });
    // The late hub has sent no status yet: never seen, so it stands out.
    expect(fleet[2]).toMatchObject({ name: 'Truck Nakuru', lastSuccessAt: null, stale: true });
  });

  it("keeps a hub's sync history from the statuses it sent", async () => {
    const hubId = HUBS[1]!;
    const path = `/${hubDatabase(hubId)}/${encodeURIComponent(`hub-status:${hubId}:current`)}`;
    const first = (await app.inject({ method: 'GET', url: `/api/central/hubs/${hubId}`, headers: { cookie: analystCookie } })).json();
    expect(first.history.length).toBe(1);
    const current = await couchRequest<{ _rev: string }>(centralAdmin, 'GET', path);
    const later = new Date(Date.now() + 1000).toISOString();
    const failed = { ...hubStatusDoc(hubId, later, '2026-10-30T10:00:00.000Z', { lastError: 'central did not answer within 30 s.' }), _rev: current.body._rev };
    expect((await couchRequest(centralAdmin, 'PUT', path, failed)).status).toBe(201);
    const page = await app.inject({ method: 'GET', url: `/api/central/hubs/${hubId}`, headers: { cookie: analystCookie } });
    expect(page.statusCode, page.body).toBe(200);
    const history = page.json().history as { at: string; ok: boolean; lastError: string | null }[];
    expect(history.map((h) => h.at)).toEqual([later, first.history[0].at]);
    expect(history[0]).toMatchObject({ ok: false, lastError: 'central did not answer within 30 s.' });
    expect(page.json().lastError).toBe('central did not answer within 30 s.');
  });

  it('documents every dashboard route in its OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    for (const [method, url] of [['post', '/api/central/session'], ['get', '/api/central/session'], ['delete', '/api/central/session'], ['get', '/api/central/hubs'], ['get', '/api/central/hubs/{hubId}'], ['post', '/api/central/hubs/{hubId}/views'], ['get', '/api/central/impact'], ['get', '/api/central/trainers'], ['get', '/api/central/library'], ['get', '/api/central/staff'], ['post', '/api/central/staff'], ['patch', '/api/central/staff/{username}']]) {
      expect(doc.paths[url!]?.[method!], `${method} ${url}`).toBeDefined();
    }
    const routes = app.printRoutes({ commonPrefix: false });
    expect(routes.match(/\/api\/central/g)?.length ?? 0).toBeGreaterThan(0);
  });

  it('answers 404 for an unknown hub, on its page and in the impact filter', async () => {
    const page = await app.inject({ method: 'GET', url: '/api/central/hubs/hub-nosuchhub7', headers: { cookie: analystCookie } });
    expect(page.statusCode).toBe(404);
    expect(page.json().code).toBe('UNKNOWN_HUB');
    const filtered = await impact('from=2026-08-01&to=2026-08-31&hubs=hub-nosuchhub7');
    expect(filtered.statusCode).toBe(404);
    expect(filtered.json().message).toContain('hub-nosuchhub7');
  });
});

describe('bad input', () => {
  it('refuses a reversed, impossible or absurd range with 400', async () => {
    for (const query of ['from=2026-10-01&to=2026-09-01', 'from=2026-02-30&to=2026-03-01', 'from=1990-01-01&to=2026-01-01', 'from=2026-01-01&to=2099-01-01', 'from=2026-1-1&to=2026-02-01']) {
      const response = await impact(query);
      expect(response.statusCode, query).toBe(400);
      expect(['IMPACT_RANGE_INVALID', 'VALIDATION_FAILED']).toContain(response.json().code);
    }
    expect((await impact('from=2026-10-01&to=2026-09-01')).json().message).toContain('swap');
  });

  it('shows no figures without sign-in (401)', async () => {
    for (const url of ['/api/central/impact?from=2026-08-01&to=2026-08-31', '/api/central/impact?from=2026-08-01&to=2026-08-31&format=csv', '/api/central/trainers?from=2026-08-01&to=2026-08-31', '/api/central/library?from=2026-08-01&to=2026-08-31', '/api/central/hubs', `/api/central/hubs/${HUBS[0]}`]) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(401);
      expect(response.json().code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses an analyst an administrator action (403)', async () => {
    const analyst = await signIn('ana', 'analyst-password-1');
    const response = await app.inject({
      method: 'POST',
      url: '/api/central/staff',
      headers: { cookie: analyst.cookie, 'x-csrf-token': analyst.csrf },
      payload: { username: 'mallory', password: 'mallory-password', roles: ['administrator'] },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('FORBIDDEN');
    expect((await app.inject({ method: 'GET', url: '/api/central/staff', headers: { cookie: analyst.cookie } })).statusCode).toBe(403);
    const deactivate = await app.inject({ method: 'PATCH', url: '/api/central/staff/chief', headers: { cookie: analyst.cookie, 'x-csrf-token': analyst.csrf }, payload: { active: false } });
    expect(deactivate.statusCode).toBe(403);
    const rebuild = await app.inject({ method: 'POST', url: `/api/central/hubs/${HUBS[0]}/views`, headers: { cookie: analyst.cookie, 'x-csrf-token': analyst.csrf } });
    expect(rebuild.statusCode).toBe(403);
    expect(rebuild.json().code).toBe('FORBIDDEN');
  });

  it('locks a central account after 10 wrong passwords, saying for how many minutes; an administrator\'s new password unlocks it', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/central/staff', headers: { cookie: adminCookie, 'x-csrf-token': adminCsrf }, payload: { username: 'locky', password: 'locky-password-1', roles: ['analyst'] } });
    expect(created.statusCode, created.body).toBe(201);
    const attempt = (password: string, remoteAddress = '10.1.1.1') => app.inject({ method: 'POST', url: '/api/central/session', payload: { username: 'locky', password }, remoteAddress });
    for (let i = 0; i < 9; i++) expect((await attempt(`wrong-${i}`)).statusCode).toBe(401);
    const tenth = await attempt('wrong-9');
    expect(tenth.statusCode).toBe(423);
    expect(tenth.json().code).toBe('CENTRAL_ACCOUNT_LOCKED');
    expect(tenth.json().message).toMatch(/in 15 minutes/);
    // The right password, from another address, is refused while locked.
    const right = await attempt('locky-password-1', '10.1.1.2');
    expect(right.statusCode).toBe(423);
    // Other accounts are not affected.
    expect((await app.inject({ method: 'POST', url: '/api/central/session', payload: { username: 'ana', password: 'analyst-password-1' }, remoteAddress: '10.1.1.2' })).statusCode).toBe(200);
    const reset = await app.inject({ method: 'PATCH', url: '/api/central/staff/locky', headers: { cookie: adminCookie, 'x-csrf-token': adminCsrf }, payload: { password: 'locky-password-2' } });
    expect(reset.statusCode, reset.body).toBe(200);
    expect((await attempt('locky-password-2', '10.1.1.2')).statusCode).toBe(200);
  });

  it('refuses an address after 30 wrong passwords whatever the names, saying for how many minutes', async () => {
    const from = '10.2.2.2';
    for (let i = 0; i < 30; i++) {
      const response = await app.inject({ method: 'POST', url: '/api/central/session', payload: { username: `guess${i}`, password: 'nope' }, remoteAddress: from });
      expect(response.statusCode).toBe(401);
    }
    const next = await app.inject({ method: 'POST', url: '/api/central/session', payload: { username: 'ana', password: 'analyst-password-1' }, remoteAddress: from });
    expect(next.statusCode).toBe(429);
    expect(next.json().code).toBe('CENTRAL_TOO_MANY_ATTEMPTS');
    expect(next.json().message).toMatch(/in 15 minutes/);
    expect((await app.inject({ method: 'POST', url: '/api/central/session', payload: { username: 'ana', password: 'analyst-password-1' }, remoteAddress: '10.2.2.3' })).statusCode).toBe(200);
  });

  it('refuses a wrong password (401) and never answers a password hash', async () => {
    const wrong = await app.inject({ method: 'POST', url: '/api/central/session', payload: { username: 'ana', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    const list = await app.inject({ method: 'GET', url: '/api/central/staff', headers: { cookie: adminCookie } });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('scrypt');
  });

  it('puts back a hub database’s missing views and says so', async () => {
    const path = `/${hubDatabase(HUBS[0]!)}/_design/impact`;
    const current = await couchRequest<{ _rev: string }>(centralAdmin, 'GET', path);
    expect((await couchRequest(centralAdmin, 'DELETE', `${path}?rev=${current.body._rev}`)).status).toBe(200);
    const response = await impact('from=2026-08-01&to=2026-10-31&groupBy=hub');
    expect(response.statusCode, response.body).toBe(200);
    const state = response.json().hubs.find((h: { hubId: string }) => h.hubId === HUBS[0]);
    expect(state.rebuilt).toBe(true);
    expect((await couchRequest(centralAdmin, 'GET', path)).status).toBe(200);
    const again = (await impact('from=2026-08-01&to=2026-10-31&groupBy=hub')).json();
    expect(again.hubs.find((h: { hubId: string }) => h.hubId === HUBS[0]).rebuilt).toBe(false);
    expect(again.total).toEqual(oracleImpact(hubs, '2026-08-01', '2026-10-31', 'hub', 1.5).total);
  }, 90_000);

  it('upgrades views of an older definition (missing the newer figures) and says so', async () => {
    const path = `/${hubDatabase(HUBS[1]!)}/_design/impact`;
    const current = await couchRequest<{ _rev: string }>(centralAdmin, 'GET', path);
    const older = impactDesignDoc();
    delete older.views['course-completions'];
    delete older.views.observations;
    delete older.views.certifications;
    expect((await couchRequest(centralAdmin, 'PUT', path, { ...older, _rev: current.body._rev })).status).toBe(201);
    const response = await impact('from=2026-08-01&to=2026-10-31&groupBy=course');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().hubs.find((h: { hubId: string }) => h.hubId === HUBS[1]).rebuilt).toBe(true);
    expect(response.json().total).toEqual(oracleImpact(hubs, '2026-08-01', '2026-10-31', 'course', 1.5).total);
    const upgraded = await couchRequest<{ views: Record<string, unknown> }>(centralAdmin, 'GET', path);
    expect(Object.keys(upgraded.body.views).sort()).toEqual(Object.keys(impactDesignDoc().views).sort());
  }, 90_000);

  it('a dashboard starting beside older views upgrades them at start', async () => {
    const path = `/${hubDatabase(HUBS[2]!)}/_design/impact`;
    const current = await couchRequest<{ _rev: string }>(centralAdmin, 'GET', path);
    const older = impactDesignDoc();
    delete older.views.certifications;
    expect((await couchRequest(centralAdmin, 'PUT', path, { ...older, _rev: current.body._rev })).status).toBe(201);
    const another = await buildDashboard({ central: centralAdmin, version: 'test', clientDir: null, logLevel: 'silent', kdf: TEST_KDF, staleDays: 7, indexWaitMs: 60_000, sessionHours: 1, firstAdministrator: null });
    await another.close();
    const upgraded = await couchRequest<{ views: Record<string, unknown> }>(centralAdmin, 'GET', path);
    expect(Object.keys(upgraded.body.views)).toContain('certifications');
  });

  it('shows a view still being built as indexing, not as zero', async () => {
    // A dashboard that waits 1 ms for a view sees every hub still indexing.
    const impatient = await buildDashboard({
      central: centralAdmin, version: 'test', clientDir: null, logLevel: 'silent', kdf: TEST_KDF, staleDays: 7, indexWaitMs: 1, sessionHours: 1,
      firstAdministrator: null,
    });
    try {
      const signedIn = await impatient.inject({ method: 'POST', url: '/api/central/session', payload: { username: 'ana', password: 'analyst-password-1' } });
      const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
      const response = await impatient.inject({ method: 'GET', url: '/api/central/impact?from=2026-08-01&to=2026-10-31', headers: { cookie } });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body.complete).toBe(false);
      expect(body.hubs.every((h: { ready: boolean }) => !h.ready)).toBe(true);
      expect(body.groups).toEqual([]);
      for (const url of ['/api/central/trainers?from=2026-08-01&to=2026-10-31', '/api/central/library?from=2026-08-01&to=2026-10-31']) {
        const other = await impatient.inject({ method: 'GET', url, headers: { cookie } });
        expect(other.statusCode, other.body).toBe(200);
        expect(other.json().complete).toBe(false);
        expect(other.json().hubs.every((h: { ready: boolean }) => !h.ready)).toBe(true);
      }
    } finally {
      await impatient.close();
    }
  });
});

describe('darasa central dashboard --couch URL', () => {
  it('serves the dashboard against a CouchDB-protocol central with its administrator from the environment', async () => {
    const env = { ...process.env, CENTRAL_ADMIN_USER: ADMIN.user, CENTRAL_ADMIN_PASSWORD: ADMIN.password, CLIENT_DIR: '', LOG_LEVEL: 'warn' };
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'darasa.js'), 'central', 'dashboard', '--couch', central.url, '--port', '0'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    try {
      for (let waited = 0; !/on (http:\/\/\S+)\/central\//.test(out) && waited < 60_000 && child.exitCode === null; waited += 200) await new Promise((r) => setTimeout(r, 200));
      const url = /Central dashboard \(express-pouchdb [^,]+, 3 hubs\) on (http:\/\/\S+)\/central\//.exec(out)?.[1];
      expect(url, out).toBeTruthy();
      expect((await fetch(`${url}/api/central/hubs`)).status).toBe(401);
      const signIn = await fetch(`${url}/api/central/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ana', password: 'analyst-password-1' }) });
      expect(signIn.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  }, 90_000);

  it('fails in one line without central\'s administrator', async () => {
    const env = { ...process.env };
    delete env.CENTRAL_ADMIN_USER;
    delete env.CENTRAL_ADMIN_PASSWORD;
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'darasa.js'), 'central', 'dashboard', '--couch', central.url], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err.trim()).toMatch(/^darasa: central's administrator is needed: set CENTRAL_ADMIN_USER and CENTRAL_ADMIN_PASSWORD/);
  }, 60_000);
});
