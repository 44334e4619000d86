#!/usr/bin/env node
// Real-browser end-to-end test of the Cloud Chat web client.
//
//   node tests/e2e/chat.mjs <webUrl> <password>
//
// Two isolated browser contexts (alice, bob) sign in, open "general", exchange a
// message each way over the WebSocket API, then bob reloads and the REST history
// must show both messages in seq order. Screenshots go to tests/e2e/artifacts/
// (alice on success; alice and bob on failure). Exits non-zero on failure.
//
// The page runs under the stack's Content-Security-Policy (CloudFront's, from
// terraform/modules/web/security_headers.json): the document must carry it, and no
// securitypolicyviolation event or CSP console error may occur, so a connect-src that
// blocks the WebSocket or Cognito fails here as it would in production.
//
// The browser, steps and watchdog come from harness.mjs.

import {
  DELIVERY_MS,
  STEP_MS,
  StepError,
  assertNotPending,
  cspViolations,
  log,
  openRoom,
  openUser,
  run,
  screenshot,
  send,
  step,
  waitConfirmed,
} from './harness.mjs';

async function main() {
  const unique = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const helloText = `hello from alice ${unique}`;
  const replyText = `hi alice, bob here ${unique}`;

  const [alice, bob] = await Promise.all([openUser('alice'), openUser('bob')]);

  await send(alice, helloText, 'alice');
  const helloSeq = await step('bob: receives alice\'s message live (<= 5 s, with data-seq)', () =>
    waitConfirmed(bob, helloText, DELIVERY_MS, 'bob'),
  );
  const helloSeqAlice = await step('alice: her message is confirmed, not pending', async () => {
    const seq = await waitConfirmed(alice, helloText, DELIVERY_MS, 'alice');
    await assertNotPending(alice, helloText, 'alice');
    return seq;
  });
  if (helloSeq !== helloSeqAlice) {
    throw new StepError(`seq mismatch for alice's message: bob sees ${helloSeq}, alice sees ${helloSeqAlice}`);
  }

  await send(bob, replyText, 'bob');
  const replySeq = await step('alice: receives bob\'s reply live (<= 5 s)', () =>
    waitConfirmed(alice, replyText, DELIVERY_MS, 'alice'),
  );
  await step('bob: his reply is confirmed, not pending', async () => {
    const seq = await waitConfirmed(bob, replyText, DELIVERY_MS, 'bob');
    await assertNotPending(bob, replyText, 'bob');
    if (seq !== replySeq) throw new Error(`seq mismatch for bob's reply: alice sees ${replySeq}, bob sees ${seq}`);
  });
  if (!(replySeq > helloSeq)) {
    throw new StepError(`reply seq ${replySeq} is not greater than the first message's seq ${helloSeq}`);
  }

  await step('bob: reload the page', () => bob.reload({ waitUntil: 'domcontentloaded' }));
  await step('bob: still signed in after reload', () => bob.getByTestId('room-list').waitFor({ state: 'visible' }));
  await openRoom(bob, 'bob');
  await step('bob: history shows both messages, seq ascending top to bottom', async () => {
    await waitConfirmed(bob, helloText, STEP_MS, 'bob (after reload)');
    await waitConfirmed(bob, replyText, STEP_MS, 'bob (after reload)');
    const rows = await bob
      .getByTestId('message-list')
      .getByTestId('message')
      .evaluateAll((els) =>
        els.map((el) => ({
          seq: Number(el.getAttribute('data-seq')),
          text: el.querySelector('[data-testid="message-content"]')?.textContent ?? '',
          top: el.getBoundingClientRect().top,
        })),
      );
    for (let i = 1; i < rows.length; i++) {
      if (!(rows[i].seq > rows[i - 1].seq)) {
        throw new Error(`history not in ascending seq order at row ${i}: ${rows.map((r) => r.seq).join(', ')}`);
      }
      if (!(rows[i].top > rows[i - 1].top)) {
        throw new Error(`row ${i} (seq ${rows[i].seq}) is not rendered below row ${i - 1} (seq ${rows[i - 1].seq})`);
      }
    }
    const iHello = rows.findIndex((r) => r.text === helloText);
    const iReply = rows.findIndex((r) => r.text === replyText);
    if (!(iHello >= 0 && iReply > iHello)) {
      throw new Error(`expected alice's message above bob's reply, got indexes ${iHello} and ${iReply}`);
    }
    if (rows[iHello].seq !== helloSeq || rows[iReply].seq !== replySeq) {
      throw new Error(
        `seqs changed after reload: ${rows[iHello].seq}/${rows[iReply].seq}, live ${helloSeq}/${replySeq}`,
      );
    }
    log(`history: ${rows.length} message(s), seqs ${rows.map((r) => r.seq).join(', ')}`);
  });

  await step('no CSP violation on either page', () => {
    if (cspViolations.length) throw new Error(`${cspViolations.length} CSP violation(s)`);
  });

  await screenshot('alice', alice);
  await screenshot('bob', bob);
}

await run(main, 'alice and bob exchanged messages live under the CSP; history after reload is ordered');
