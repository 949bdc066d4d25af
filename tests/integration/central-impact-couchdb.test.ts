// The reporting views on a real Apache CouchDB 3 (QuickJS or SpiderMonkey run
// the ES5 maps, Erlang the built-in reduces): two hubs' known data, every
// grouping's figures equal those computed from the raw documents, and a
// deleted `_design/impact` put back. Runs only when COUCHDB_URL,
// COUCHDB_ADMIN_USER and COUCHDB_ADMIN_PASSWORD are set (skipped with the
// reason in its name otherwise); hubs get fresh random ids and are removed after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { couchRequest, type CentralAdmin } from '../../sync/central/couch-http.ts';
import { hubDatabase, registerHub } from '../../sync/central/provision.ts';
import { computeImpact } from '../../server/central-dashboard/impact.ts';
import { GROUP_BY } from '../../server/central-dashboard/impact-figures.ts';
import { loadHubDocs, makeHubData, type HubData } from '../support/impact-data.ts';
import { oracleImpact, oracleTrainers } from '../support/impact-oracle.ts';
import { computeTrainers } from '../../server/central-dashboard/trainers.ts';

const url = process.env.COUCHDB_URL?.replace(/\/+$/, '');
const SKIP_REASON = url ? '' : ' [skipped: set COUCHDB_URL, COUCHDB_ADMIN_USER and COUCHDB_ADMIN_PASSWORD to run against Apache CouchDB 3]';
const LETTERS = 'abcdefghijklmnopqrstuvwxyz234567';
const tag = () => Array.from({ length: 6 }, () => LETTERS[Math.floor(Math.random() * 32)]).join('');

describe.skipIf(!url)(`impact views on Apache CouchDB 3 at COUCHDB_URL${SKIP_REASON}`, () => {
  const central: CentralAdmin = { url: url ?? '', adminUser: process.env.COUCHDB_ADMIN_USER ?? 'admin', adminPassword: process.env.COUCHDB_ADMIN_PASSWORD ?? '' };
  const hubs: HubData[] = [];
  const settings = { central, indexWaitMs: 120_000, sessionHours: 1 };

  beforeAll(async () => {
    for (const [i, country] of ['KE', 'TZ'].entries()) {
      const data = makeHubData(`hub-imp${tag()}${i + 2}`, { name: `Truck ${i}`, country, seed: 40 + i, events: 800, months: ['2026-08', '2026-09', '2026-10'] });
      await registerHub(central, data.hubId);
      await loadHubDocs(central, data.hubId, data.docs);
      hubs.push(data);
    }
  }, 120_000);

  afterAll(async () => {
    for (const { hubId } of hubs) {
      await couchRequest(central, 'DELETE', `/${hubDatabase(hubId)}`);
      const user = await couchRequest<{ _rev?: string }>(central, 'GET', `/_users/org.couchdb.user:darasa-${hubId}`);
      if (user.body._rev) await couchRequest(central, 'DELETE', `/_users/org.couchdb.user:darasa-${hubId}?rev=${user.body._rev}`);
    }
  });

  for (const groupBy of GROUP_BY) {
    it(`by ${groupBy}: the figures computed from the raw events`, async () => {
      const report = await computeImpact(settings, hubs.map((h) => h.hubId), { from: '2026-08-01', to: '2026-09-30', groupBy });
      const expected = oracleImpact(hubs, '2026-08-01', '2026-09-30', groupBy);
      expect(report.complete).toBe(true);
      expect(report.total).toEqual(expected.total);
      expect(report.groups.map((g) => ({ key: g.key, figures: g.figures }))).toEqual(expected.groups);
    }, 120_000);
  }

  for (const groupBy of ['hub', 'country', 'month'] as const) {
    it(`trainer figures by ${groupBy}: the figures computed from the raw documents`, async () => {
      const report = await computeTrainers(settings, hubs.map((h) => h.hubId), { from: '2026-08-01', to: '2026-09-30', groupBy });
      const expected = oracleTrainers(hubs, '2026-08-01', '2026-09-30', groupBy);
      expect(report.total).toEqual(expected.total);
      expect(report.groups.map((g) => ({ key: g.key, figures: g.figures }))).toEqual(expected.groups);
    }, 120_000);
  }

  it('puts a deleted _design/impact back', async () => {
    const path = `/${hubDatabase(hubs[0]!.hubId)}/_design/impact`;
    const current = await couchRequest<{ _rev: string }>(central, 'GET', path);
    await couchRequest(central, 'DELETE', `${path}?rev=${current.body._rev}`);
    const report = await computeImpact(settings, [hubs[0]!.hubId], { from: '2026-08-01', to: '2026-10-31', groupBy: 'hub' });
    expect(report.hubs[0]!.rebuilt).toBe(true);
    expect(report.total).toEqual(oracleImpact([hubs[0]!], '2026-08-01', '2026-10-31', 'hub').total);
  }, 120_000);
});
