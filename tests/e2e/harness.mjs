// Shared by the browser e2e scenarios (chat.mjs, features.mjs, moderation_search.mjs): argv,
// Chromium through playwright-core, signed-in users with a CSP watch, bounded steps, an axe-core
// check, screenshots and the whole-run watchdog. A scenario calls run(main, passMessage).
//
//   node tests/e2e/<scenario>.mjs <webUrl> <password>
//
// Drives Debian's /usr/bin/chromium (override with CHROMIUM_PATH) through
// playwright-core from web/node_modules; never downloads a browser.

import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const ARTIFACTS = path.join(HERE, 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// whole script, including browser start-up (E2E_BUDGET_MS overrides, e.g. to test the watchdog)
export const TOTAL_BUDGET_MS = Number(process.env.E2E_BUDGET_MS) || 55_000;
export const STEP_MS = 10_000; // default for a single UI step
export const DELIVERY_MS = 5_000; // a message must reach the other user within this
export const ROOM = 'general';

const t0 = Date.now();
export const log = (msg) => console.log(`[e2e +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

export class StepError extends Error {}

export const [webUrl, password] = process.argv.slice(2);
if (!webUrl || !password) {
  console.error(`usage: node ${process.argv[1]} <webUrl> <password>`);
  process.exit(2);
}

let chromium;
try {
  const require = createRequire(path.join(REPO, 'web', 'package.json'));
  ({ chromium } = require('playwright-core'));
} catch (err) {
  console.error(`FAIL: cannot load playwright-core from web/node_modules (run \`cd web && npm ci\`): ${err.message}`);
  process.exit(2);
}

mkdirSync(ARTIFACTS, { recursive: true });
// screenshots from an earlier run would be misleading next to this run's
for (const f of readdirSync(ARTIFACTS)) if (f.endsWith('.png')) rmSync(path.join(ARTIFACTS, f), { force: true });

/** @type {import('playwright-core').Browser | undefined} */
let browser;
/** @type {Record<string, import('playwright-core').Page>} */
export const pages = {};
const consoleLines = [];
export const cspViolations = [];
/** Browser messages quote the WebSocket URL: its one-time ticket stays out of the test log all the same. */
const redact = (text) => text.replace(/ticket=[^&'"\s]+/g, 'ticket=…');

export async function screenshot(name, page) {
  if (!page || page.isClosed()) return;
  const file = path.join(ARTIFACTS, `${name}.png`);
  try {
    await page.screenshot({ path: file, fullPage: false, timeout: 5_000 });
    log(`screenshot: ${path.relative(REPO, file)}`);
  } catch (err) {
    console.error(`(could not take screenshot ${file}: ${err.message})`);
  }
}

export async function step(label, fn) {
  log(label);
  try {
    return await fn();
  } catch (err) {
    if (err instanceof StepError) throw err;
    throw new StepError(`${label}: ${err.message.split('\n')[0]}`, { cause: err });
  }
}

export async function openUser(username) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  context.setDefaultTimeout(STEP_MS);
  const page = await context.newPage();
  pages[username] = page;
  page.on('console', (m) => {
    const text = redact(m.text());
    if (m.type() === 'error' || m.type() === 'warning') consoleLines.push(`[${username} console.${m.type()}] ${text}`);
    if (m.type() === 'error' && /Content Security Policy/i.test(text)) cspViolations.push(`[${username} console] ${text}`);
  });
  page.on('pageerror', (e) => consoleLines.push(`[${username} pageerror] ${e.message}`));
  // survives reloads: exposed functions and init scripts are re-installed on every navigation
  await page.exposeFunction('reportCspViolation', (v) => cspViolations.push(`[${username} event] ${redact(v)}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.reportCspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'}`),
    );
  });

  await step(`${username}: open ${webUrl} (served with a CSP)`, async () => {
    const response = await page.goto(webUrl, { waitUntil: 'domcontentloaded' });
    const csp = response?.headers()['content-security-policy'];
    if (!csp || !/(^|;\s*)connect-src /.test(csp)) throw new Error(`no CSP with connect-src on the page: ${csp}`);
    if (username === 'alice') log(`CSP: ${csp}`);
  });
  await step(`${username}: sign in`, async () => {
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    const loginError = page.getByTestId('login-error');
    await Promise.race([
      page.getByTestId('room-list').waitFor({ state: 'visible' }),
      loginError.waitFor({ state: 'visible' }).then(async () => {
        throw new Error(`login failed: ${await loginError.textContent()}`);
      }),
    ]);
  });
  await openRoom(page, username);
  return page;
}

export async function openRoom(page, username) {
  await step(`${username}: open room "${ROOM}" and wait for online`, async () => {
    const item = page.locator(`[data-testid="room-item"][data-room-name="${ROOM}"]`);
    await item.click();
    await page.locator(`[data-testid="room-item"][data-room-name="${ROOM}"][aria-current="page"]`).waitFor();
    await expectText(page.getByTestId('connection-status'), 'online', STEP_MS, 'connection-status');
    await page.getByTestId('message-list').waitFor({ state: 'attached' });
  });
}

/** Poll `get()` until it returns `expected` (bounded). */
export async function pollUntil(get, expected, timeout, what) {
  const deadline = Date.now() + timeout;
  let last = null;
  for (;;) {
    last = await get().catch(() => null);
    if (last === expected) return;
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} is ${JSON.stringify(last)}, expected ${JSON.stringify(expected)} within ${timeout} ms`);
}

export async function expectText(locator, expected, timeout, what) {
  await pollUntil(async () => (await locator.textContent({ timeout: 1_000 }))?.trim(), expected, timeout, what);
}

/** The confirmed message (data-testid=message) whose body is exactly `text`. */
export function confirmed(page, text) {
  return page
    .getByTestId('message-list')
    .getByTestId('message')
    .filter({ has: page.getByTestId('message-content').getByText(text, { exact: true }) });
}

/** Wait until `text` is a confirmed message with a numeric data-seq; return the seq. */
export async function waitConfirmed(page, text, timeout, who) {
  const msg = confirmed(page, text);
  try {
    await msg.first().waitFor({ state: 'visible', timeout });
  } catch {
    const pending = await page.getByTestId('pending-message').filter({ hasText: text }).count();
    throw new Error(
      `${who} does not show ${JSON.stringify(text)} as a confirmed message within ${timeout} ms` +
        (pending ? ` (it is still a pending-message)` : ''),
    );
  }
  const n = await msg.count();
  if (n !== 1) throw new Error(`${who} shows ${JSON.stringify(text)} ${n} times, expected once`);
  const seqAttr = await msg.getAttribute('data-seq');
  const seq = Number(seqAttr);
  if (!seqAttr || !Number.isInteger(seq) || seq <= 0) {
    throw new Error(`${who}: message ${JSON.stringify(text)} has data-seq=${JSON.stringify(seqAttr)}`);
  }
  return seq;
}

export async function assertNotPending(page, text, who) {
  const pending = page.getByTestId('pending-message').filter({ hasText: text });
  const deadline = Date.now() + DELIVERY_MS;
  while ((await pending.count()) > 0) {
    if (Date.now() > deadline) {
      const status = await pending.first().getAttribute('data-status');
      throw new Error(`${who} still shows ${JSON.stringify(text)} as pending-message (status=${status})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

// evaluated through the DevTools protocol: a <script> tag would break the page's CSP (script-src 'self')
const AXE = readFileSync(createRequire(path.join(REPO, 'web', 'package.json')).resolve('axe-core/axe.min.js'), 'utf8');

/** Fail on any serious or critical axe-core violation on `page`. */
export async function axeClean(page, who) {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.length} node(s), e.g. ${v.nodes[0]?.target}`);
  });
  if (violations.length) throw new Error(`axe (${who}): ${violations.join('; ')}`);
}

export async function send(page, text, who) {
  await step(`${who}: type a message and press Enter`, async () => {
    const input = page.getByTestId('composer-input');
    await input.click();
    await input.fill(text);
    await input.press('Enter');
    // the composer clears itself once the message has been handed to the socket
    await pollUntil(() => input.inputValue({ timeout: 1_000 }), '', STEP_MS, 'composer-input after Enter');
  });
}


/** Start Debian's Chromium (never a downloaded one). */
async function launch() {
  browser = await step('launch chromium', () =>
    chromium.launch({
      executablePath: CHROMIUM,
      timeout: 20_000,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-quic',
        '--disable-sync',
      ],
    }),
  );

}

export async function fail(message) {
  console.error(`\nFAIL: ${message}`);
  if (cspViolations.length) console.error(`CSP violations:\n  ${cspViolations.join('\n  ')}`);
  if (consoleLines.length) console.error(`browser console:\n  ${consoleLines.slice(-30).join('\n  ')}`);
  await Promise.all([screenshot('alice-failure', pages.alice), screenshot('bob-failure', pages.bob)]);
}

let timedOut = false;
const watchdog = setTimeout(async () => {
  timedOut = true;
  const hard = setTimeout(() => process.exit(1), 4_000);
  hard.unref();
  await fail(`whole test exceeded ${TOTAL_BUDGET_MS / 1000} s`);
  await browser?.close().catch(() => {});
  process.exit(1);
}, TOTAL_BUDGET_MS);

/** Run a scenario under the watchdog; print PASS or FAIL (with screenshots) and exit. */
export async function run(main, passMessage) {
  let code = 0;
  try {
    await launch();
    await main();
    log(`PASS: ${passMessage}`);
  } catch (err) {
    if (timedOut) await new Promise(() => {}); // the watchdog reports and exits
    code = 1;
    await fail(err instanceof StepError ? err.message : err.stack || String(err));
  } finally {
    clearTimeout(watchdog);
    await Promise.race([browser?.close().catch(() => {}), new Promise((r) => setTimeout(r, 5_000))]);
  }
  process.exit(code);
}
