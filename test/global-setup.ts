/**
 * The unit suite's global setup: migrates one template database per dialect in `TEST_DATABASES`,
 * which `createTestDatabase` clones for each test file (see `test/helpers/databases.ts`), and drops
 * them when the run ends. Test processes find the templates in `ITIMS_TEST_TEMPLATES`.
 */
import { createTemplates, TEMPLATES_ENV, testDialects } from './helpers/databases';

export default async function setup(): Promise<() => Promise<void>> {
  const { templates, remove } = await createTemplates(testDialects());
  process.env[TEMPLATES_ENV] = JSON.stringify(templates);
  return async () => {
    delete process.env[TEMPLATES_ENV];
    await remove();
  };
}
