// Writing an import: only called with rows that all passed the checks. PIN
// hashes and names go to the local database first, then every person in one
// bulkDocs, which the LevelDB adapter writes as a single batch: a power cut
// leaves all of them or none. (Orphan PIN hashes and names from a cut in
// between name no person and are never read.)
import type { Accounts } from '../auth/accounts.ts';
import { hashSecret } from '../auth/kdf.ts';
import type { AccountDoc } from './repository.ts';
import type { CsvRow } from './csv.ts';
import { ageBandFor, type Person } from './person-record.ts';

export async function importLearners(accounts: Accounts, rows: CsvRow[]): Promise<string[]> {
  const now = new Date().toISOString();
  const people: Person[] = [];
  const secrets: AccountDoc[] = [];
  await Promise.all(
    rows.map(async ({ person }) => {
      const id = accounts.people.newPersonId();
      const { pin, ...profile } = person;
      const doc: Person = {
        ...profile,
        _id: id,
        type: 'person',
        createdAt: now,
        updatedAt: now,
        givenName: person.givenName.trim(),
        familyName: person.familyName.trim(),
        roles: ['learner'],
        active: true,
        ...(pin ? { hasPin: true } : {}),
      };
      if (doc.birthYear !== undefined && doc.ageBand === undefined) doc.ageBand = ageBandFor(doc.birthYear);
      delete (doc as { username?: string }).username;
      delete (doc as { password?: string }).password;
      people.push(doc);
      if (pin) secrets.push({ _id: `account:${id}`, type: 'account', personId: id, pinHash: await hashSecret(pin, accounts.config.pinKdf), createdAt: now, updatedAt: now });
    }),
  );
  await accounts.people.putAccounts(secrets);
  await accounts.people.putPeople(people);
  return people.map((p) => p._id);
}
