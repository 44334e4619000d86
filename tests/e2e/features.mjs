#!/usr/bin/env node
// Real-browser e2e of issue 8's features: alice and bob (in "general", with carol as a
// third, offline member) react, reply in a thread, edit, delete, and see delivered/read
// marks; then axe-core checks the page with the thread panel open. Last, with more than
// a page of history, bob scrolls up: older messages load and the one in view stays put.
//
//   node tests/e2e/features.mjs <webUrl> <password>

import {
  DELIVERY_MS,
  axeClean,
  ROOM,
  STEP_MS,
  confirmed,
  expectText,
  openRoom,
  openUser,
  pollUntil,
  run,
  screenshot,
  send,
  step,
  waitConfirmed,
} from './harness.mjs';

/** Post `count` messages to ROOM over REST with the page's own token and config, like the app. */
async function postMessages(page, count, prefix) {
  const roomId = await page
    .locator(`[data-testid="room-item"][data-room-name="${ROOM}"]`)
    .getAttribute('data-room-id');
  return page.evaluate(
    async ({ id, count, prefix }) => {
      const config = await (await fetch('/api/config')).json();
      const { idToken } = JSON.parse(sessionStorage.getItem('cloudchat.tokens'));
      const post = async (i) => {
        const res = await fetch(`${config.restUrl.replace(/\/+$/, '')}/rooms/${id}/messages`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${idToken}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ content: `${prefix} ${i}`, type: 'text', clientMsgId: `${prefix}-${i}`.replace(/[^A-Za-z0-9_.:-]/g, '-') }),
        });
        if (res.status !== 201) throw new Error(`POST message ${i}: HTTP ${res.status}`);
      };
      for (let i = 0; i < count; i += 10) {
        await Promise.all(Array.from({ length: Math.min(10, count - i) }, (_, k) => post(i + k)));
      }
    },
    { id: roomId, count, prefix },
  );
}

/** The message list's scroller, its message count and the first message in view with its offset. */
function inView(page, scrollTo) {
  return page.getByTestId('message-list').evaluate((list, scrollTo) => {
    const scroller = list.parentElement;
    if (scrollTo !== null) scroller.scrollTop = scrollTo;
    const top = scroller.getBoundingClientRect().top;
    const rows = [...list.querySelectorAll('[data-testid="message"]')];
    const first = rows.find((r) => r.getBoundingClientRect().bottom > top);
    return { count: rows.length, id: first?.dataset.messageId, offset: first ? first.getBoundingClientRect().top - top : null };
  }, scrollTo);
}

function chip(page, message, emoji) {
  return message(page).locator(`[data-testid="reaction-chip"][data-emoji="${emoji}"]`);
}

async function main() {
  const unique = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const rootText = `thread root from alice ${unique}`;
  const editedText = `edited by alice ${unique}`;
  const replyText = `bob in the thread ${unique}`;
  const [alice, bob] = await Promise.all([openUser('alice'), openUser('bob')]);
  for (const page of [alice, bob]) page.on('dialog', (d) => void d.accept()); // delete asks to confirm

  await send(alice, rootText, 'alice');
  await step('bob receives it; alice sees it delivered, then read by bob (1 of 2 others: carol is offline)', async () => {
    await waitConfirmed(bob, rootText, DELIVERY_MS, 'bob');
    await waitConfirmed(alice, rootText, DELIVERY_MS, 'alice');
    const receipt = confirmed(alice, rootText).getByTestId('message-receipt');
    await expectText(receipt, 'Read by 1 of 2', STEP_MS, "alice's receipt mark");
  });

  const root = (page) => confirmed(page, rootText);
  await step('bob reacts 👍 with the keyboard-reachable picker; both see the chip', async () => {
    await root(bob).getByTestId('reaction-add').click();
    await bob.locator('[data-testid="reaction-option"][data-emoji="👍"]').click();
    await pollUntil(() => chip(bob, root, '👍').getAttribute('aria-pressed'), 'true', DELIVERY_MS, "bob's 👍 pressed");
    await pollUntil(() => chip(alice, root, '👍').getAttribute('data-count'), '1', DELIVERY_MS, "alice's 👍 count");
    await pollUntil(() => chip(alice, root, '👍').getAttribute('aria-pressed'), 'false', DELIVERY_MS, "alice's 👍 not hers");
  });
  await step('alice adds 👍 too: count 2 for both, pressed only for her', async () => {
    await chip(alice, root, '👍').click();
    await pollUntil(() => chip(bob, root, '👍').getAttribute('data-count'), '2', DELIVERY_MS, "bob's 👍 count");
    await pollUntil(() => chip(bob, root, '👍').getAttribute('aria-pressed'), 'true', DELIVERY_MS, "bob's 👍 still his");
    await pollUntil(() => chip(alice, root, '👍').getAttribute('aria-pressed'), 'true', DELIVERY_MS, "alice's 👍 pressed");
  });

  await step('bob replies in a thread (not to the room)', async () => {
    await root(bob).getByTestId('message-reply').click();
    const input = bob.getByTestId('thread-input');
    await input.fill(replyText);
    await input.press('Enter');
    await bob.getByTestId('thread-replies').getByText(replyText, { exact: true }).waitFor({ timeout: DELIVERY_MS });
  });
  await step('alice sees "1 reply" on the root, not the reply in the room, and reads it in the thread', async () => {
    const summary = root(alice).getByTestId('thread-summary');
    const says1Reply = async () => (await summary.textContent({ timeout: 1_000 }))?.startsWith('1 reply');
    await pollUntil(says1Reply, true, DELIVERY_MS, "alice's thread summary starts with '1 reply'");
    if ((await confirmed(alice, replyText).count()) !== 0) throw new Error('a thread-only reply shows in the room');
    await root(alice).getByTestId('thread-summary').click();
    await alice.getByTestId('thread-replies').getByText(replyText, { exact: true }).waitFor({ timeout: STEP_MS });
  });

  await step('axe-core: no serious or critical accessibility violation with the thread open', () => axeClean(alice, 'alice'));

  await step('bob may not delete alice\'s message (no Delete button for him)', async () => {
    if ((await root(bob).getByTestId('message-delete').count()) !== 0) throw new Error('bob is offered Delete');
  });
  const messageId = await root(alice).getAttribute('data-message-id');
  await step('alice edits her message; bob sees the new text with an "edited" mark', async () => {
    await root(alice).getByTestId('message-edit').click();
    const input = alice.getByTestId('message-list').getByTestId('edit-input');
    await input.fill(editedText);
    await input.press('Enter');
    const edited = confirmed(bob, editedText);
    await edited.first().waitFor({ timeout: DELIVERY_MS });
    await edited.first().getByTestId('message-edited').waitFor({ timeout: DELIVERY_MS });
  });
  await step('alice deletes it; bob sees a tombstone, the text is gone', async () => {
    await confirmed(alice, editedText).getByTestId('message-delete').click();
    const inBob = bob.getByTestId('message-list').locator(`[data-message-id="${messageId}"]`);
    await inBob.getByTestId('message-tombstone').waitFor({ timeout: DELIVERY_MS });
    if ((await confirmed(bob, editedText).count()) !== 0) throw new Error('bob still shows the deleted text');
  });

  const prefix = `older ${unique}`;
  await step('alice posts 60 more messages (over a page) over REST', () => postMessages(alice, 60, prefix));
  await step('bob reloads: the newest page, the last of them at the bottom', async () => {
    await bob.reload({ waitUntil: 'domcontentloaded' });
    await openRoom(bob, 'bob');
    await waitConfirmed(bob, `${prefix} 59`, STEP_MS, 'bob');
    await bob.getByTestId('load-older').waitFor();
  });
  await step('bob scrolls near the top: an older page loads above, the message in view stays put', async () => {
    const before = await inView(bob, 30);
    if (!before.id) throw new Error('no message in view');
    await pollUntil(async () => (await inView(bob, null)).count > before.count, true, STEP_MS, 'older messages loaded');
    const after = await bob
      .getByTestId('message-list')
      .locator(`[data-message-id="${before.id}"]`)
      .evaluate((row) => row.getBoundingClientRect().top - row.closest('.message-scroll').getBoundingClientRect().top);
    if (Math.abs(after - before.offset) > 2) {
      throw new Error(`the message in view moved from ${before.offset.toFixed(1)} px to ${after.toFixed(1)} px`);
    }
  });

  await screenshot('features-alice', alice);
  await screenshot('features-bob', bob);
}

await run(main, 'reactions, a thread reply, edit, delete and delivered/read marks reached the other user');
