// Swagger UI in a real headless Chromium against a real Keyway on a port: sign in with "Try it out" on the
// token route, authorize with the token, then call /V1/customers/me. Playwright never downloads a browser here:
// it drives Debian's chromium, and the test is skipped with a note where that is missing (never under CI=true).
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { CUSTOMER, createTestServer, type TestServer } from '../helpers/test-app.ts';
import { PROJECT_ROOT } from './server-process.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
const TOKEN_OPERATION =
  '#operations-integrationCustomerTokenServiceV1-integrationCustomerTokenServiceV1CreateCustomerAccessTokenPost';
const ME_OPERATION = '#operations-customerCustomerRepositoryV1-customerCustomerRepositoryV1GetByIdGet';

const missing = !existsSync(CHROMIUM);
if (missing && process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing, and CI=true: .ci/run installs it`);
if (missing) console.log(`Skipped: the Swagger UI browser test needs ${CHROMIUM} (apt-get install chromium).`);

/** Expands an operation, presses "Try it out", optionally types the JSON body, executes, and answers the response panel. */
async function tryItOut(page: Page, operation: string, body?: string): Promise<{ status: string; text: string }> {
  const block = page.locator(operation);
  await block.locator('.opblock-summary').first().click();
  await block.locator('button.try-out__btn').click();
  if (body !== undefined) await block.locator('textarea.body-param__text').fill(body);
  await block.locator('button.execute').click();
  const response = block.locator('.live-responses-table .response').first();
  await response.waitFor();
  return {
    status: (await cell(response, '.response-col_status')).trim(),
    text: await cell(response, '.response-col_description pre'),
  };
}

// biome-ignore lint/performance/useDomNodeTextContent: the test reads the text as the page shows it
const cell = (response: Locator, selector: string) => response.locator(selector).first().innerText();

describe('Swagger UI at /swagger', { skip: missing }, () => {
  let s: TestServer;
  let browser: Browser;
  let base: string;
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer();
    base = await s.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  it('signs in with Try it out, authorizes with the token, and reads /V1/customers/me', {
    timeout: 90_000,
  }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(`${base}/swagger`);
    await page.locator(TOKEN_OPERATION).waitFor();
    // A guest's document lists the anonymous routes only.
    assert.equal(await page.locator(ME_OPERATION).count(), 0);

    const signIn = await tryItOut(
      page,
      TOKEN_OPERATION,
      JSON.stringify({ username: CUSTOMER.email, password: CUSTOMER.password }),
    );
    assert.equal(signIn.status, '200');
    const token = JSON.parse(signIn.text) as string;
    assert.match(token, /^[0-9a-z]{32}$/);

    await page.locator('.auth-wrapper button.authorize').click();
    const dialog = page.locator('.modal-ux');
    await dialog.locator('input[type=text]').fill(token);
    await dialog.locator('.auth-btn-wrapper button.authorize').click();
    await dialog.locator('button.btn-done').click();

    // Authorizing reloads the document with the token, which now allows the customer's own routes.
    await page.locator(ME_OPERATION).waitFor();
    const me = await tryItOut(page, ME_OPERATION);
    assert.equal(me.status, '200');
    assert.equal((JSON.parse(me.text) as { email: string }).email, CUSTOMER.email);

    mkdirSync(join(PROJECT_ROOT, 'test-results'), { recursive: true });
    const screenshot = join(PROJECT_ROOT, 'test-results', 'swagger.png');
    await page.locator(ME_OPERATION).scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshot });
    if (process.env.KEYWAY_UPDATE_SCREENSHOT === '1')
      copyFileSync(screenshot, join(PROJECT_ROOT, 'docs', 'swagger.png'));
  });
});
