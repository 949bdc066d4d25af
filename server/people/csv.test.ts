import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { removeTempDirs } from '../../tests/support/temp-dir.ts';
import { personWithRoles, setUpAndSignIn, signInLearner, type TestSession } from '../../tests/support/auth.ts';

afterAll(removeTempDirs);

type App = Awaited<ReturnType<typeof buildTestApp>>;

function postCsv(app: App, as: TestSession, url: string, body: string | Buffer) {
  return app.inject({ method: 'POST', url, headers: { ...as.headers, 'content-type': 'text/csv' }, payload: body });
}

async function countPeople(app: App, as: TestSession): Promise<number> {
  return (await app.inject({ url: '/api/people?includeInactive=true', headers: as.headers })).json().total;
}

const GOOD = 'given_name,family_name,gender,birth_year,community,pin\nAmina,Otieno,female,2011,Kisumu,4821\n"Jean-Pierre","Mbeki, Jr",male,2010,Goma,1357\nZawadi,Njeri,prefer-not-to-say,,Kisumu,\n';

describe('CSV import of learners', () => {
  it('previews every row with its problems and writes nothing', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const csv = 'Given Name,family_name,birth_year,pin\nAmina,Otieno,2011,4821\n,Missing,2010,1234\nLong,Name,twenty,12\n';
    const response = await postCsv(app, admin, '/api/people/import/preview', csv);
    expect(response.statusCode).toBe(200);
    const preview = response.json();
    expect(preview).toMatchObject({ valid: 1, invalid: 2 });
    expect(preview.rows[0]).toMatchObject({ line: 2, givenName: 'Amina', hasPin: true, problems: [] });
    expect(preview.rows[1]).toMatchObject({ line: 3, problems: [{ field: 'givenName', code: 'required' }] });
    expect(preview.rows[2].problems.map((p: { field: string }) => p.field).sort()).toEqual(['birthYear', 'pin']);
    expect(await countPeople(app, admin)).toBe(1);
    await app.close();
  });

  it('imports a good file whole, and the learners sign in with their PINs', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const teacher = await personWithRoles(app, admin, ['teacher']);
    const response = await postCsv(app, teacher, '/api/people/import', GOOD);
    expect(response.statusCode).toBe(201);
    expect(response.json().imported).toBe(3);
    const list = (await app.inject({ url: '/api/people?role=learner', headers: admin.headers })).json();
    expect(list.people.map((p: { displayName: string }) => p.displayName)).toEqual(['Amina Otieno', 'Jean-Pierre Mbeki, Jr', 'Zawadi Njeri']);
    const amina = list.people.find((p: { givenName: string }) => p.givenName === 'Amina');
    expect(amina).toMatchObject({ gender: 'female', birthYear: 2011, community: 'Kisumu', hasPin: true });
    await signInLearner(app, amina.id, '4821');
    await app.close();
  });

  it('imports nothing when one row of many is wrong, and says which', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const before = await countPeople(app, admin);
    const rows = Array.from({ length: 50 }, (_, i) => `Learner${i},Family,${i === 37 ? 'x'.repeat(81) : 'Kisumu'}`);
    const response = await postCsv(app, admin, '/api/people/import', `given_name,family_name,community\n${rows.join('\n')}\n`);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'CSV_INVALID', rows: [{ line: 39, problems: [{ field: 'community', code: 'tooLong' }] }] });
    expect(await countPeople(app, admin)).toBe(before);
    await app.close();
  });

  it('refuses wrong columns, bad encoding, broken quoting, an empty file and 10 MB of garbage', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const cases: [string | Buffer, number, RegExp][] = [
      ['name,surname\nAmina,Otieno\n', 400, /unknown columns: name, surname/],
      ['given_name,community\nAmina,Kisumu\n', 400, /missing columns: familyname/],
      [Buffer.from([0x67, 0x69, 0x76, 0x65, 0x6e, 0x0a, 0xff, 0xfe, 0xe9, 0x0a]), 400, /not UTF-8/],
      ['given_name,family_name\n"Amina,Otieno\n', 400, /not well-formed CSV/],
      ['given_name,family_name\nAmina,Otieno,extra\n', 400, /not well-formed CSV/],
      ['', 400, /empty|VALIDATION/],
      [Buffer.alloc(10 * 1024 * 1024, 0x41), 413, /too large/],
    ];
    for (const [body, status, message] of cases) {
      const response = await postCsv(app, admin, '/api/people/import', body);
      expect(response.statusCode).toBe(status);
      expect(response.json().message).toMatch(message);
    }
    expect(await countPeople(app, admin)).toBe(1);
    await app.close();
  });

  it('exports everyone as CSV that imports back into another hub', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    await postCsv(app, admin, '/api/people/import', `${GOOD}=cmd|'/c calc',Formula,,,,\n`);
    const exported = await app.inject({ url: '/api/people/export', headers: admin.headers });
    expect(exported.headers['content-type']).toMatch(/^text\/csv/);
    expect(exported.body.startsWith('\ufeffid,given_name,family_name')).toBe(true);
    expect(exported.body).toMatch(/"Mbeki, Jr"/);
    expect(exported.body).toMatch(/,"?'=cmd/);
    expect(exported.body).not.toMatch(/scrypt|4821/);

    const other = await buildTestApp();
    const otherAdmin = await setUpAndSignIn(other);
    const learnersOnly = exported.body.split('\n').filter((line, i) => i === 0 || line.includes(',learner,')).join('\n');
    const response = await postCsv(other, otherAdmin, '/api/people/import', learnersOnly);
    expect(response.json().imported).toBe(4);
    const names = (await other.inject({ url: '/api/people?role=learner', headers: otherAdmin.headers })).json().people.map((p: { givenName: string }) => p.givenName);
    expect(names).toContain("=cmd|'/c calc'");
    await other.close();
    await app.close();
  });
});
