// The step of a sync run after the push: staff accounts both ways through
// central (staff-exchange.ts). A few small requests, before the library, since
// a disable must not wait behind courses.
import type { Accounts } from '../auth/accounts.ts';
import { STAFF_DB } from '../../sync/staff/staff-documents.ts';
import { exchangeStaff } from './staff-exchange.ts';
import { centralDatabase, explainStepFailure, type RunContext } from './run-context.ts';

export async function exchangeStaffStep(run: RunContext, accounts: Accounts): Promise<void> {
  try {
    const result = await exchangeStaff(accounts, { ...centralDatabase(run.connection, STAFF_DB), fetch: run.fetch }, run.log);
    if (result.unavailable) run.log.info('central has no staff accounts database yet: staff roam once central is upgraded (darasa central upgrade)');
  } catch (error) {
    await run.fail(explainStepFailure(error, run));
  } finally {
    await run.saveBytes();
  }
}
