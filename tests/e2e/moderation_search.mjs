#!/usr/bin/env node
// Real-browser e2e of issue 9: alice (admin), bob (user) and carol (global moderator) in
// "general". bob's typing shows for alice; alice mentions bob through the keyboard
// autocomplete while bob is in another room: his sidebar counts it (@1) and the mention
// stands out once he opens general; alice finds her message by search and jumps to it;
// carol mutes bob from the members panel and bob's composer shows the mute when he sends.
// axe-core checks the pages with the search and moderation panels open.
//
//   node tests/e2e/moderation_search.mjs <webUrl> <password>

import {
  DELIVERY_MS,
  ROOM,
  STEP_MS,
  axeClean,
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

/** the search index is written from the Messages stream, a little after the send */
const INDEX_MS = 10_000;

const roomItem = (page, name) => page.locator(`[data-testid="room-item"][data-room-name="${name}"]`);

async function main() {
  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const elsewhere = `elsewhere-${unique}`;
  const mentionText = `hey @bob look at zebra${unique}`;
  const [alice, bob, carol] = await Promise.all([openUser('alice'), openUser('bob'), openUser('carol')]);
  for (const page of [alice, bob, carol]) page.on('dialog', (d) => void d.accept());

  await step('bob types without sending: alice sees "bob is typing…", which lapses once he clears it', async () => {
    await bob.getByTestId('composer-input').fill('I am typing');
    await expectText(alice.getByTestId('typing-indicator'), 'bob is typing…', DELIVERY_MS, "alice's typing line");
    await bob.getByTestId('composer-input').fill('');
    await expectText(alice.getByTestId('typing-indicator'), '', DELIVERY_MS, "alice's typing line after stop");
  });

  await step(`bob creates and opens another room (${elsewhere})`, async () => {
    await bob.getByTestId('new-room-toggle').click();
    await bob.getByTestId('new-room-name').fill(elsewhere);
    await bob.getByTestId('new-room-submit').click();
    await bob.locator(`[data-testid="room-item"][data-room-name="${elsewhere}"][aria-current="page"]`).waitFor();
  });

  await step('alice mentions bob with the keyboard autocomplete (@bo, ArrowDown/Enter picks) and sends', async () => {
    const input = alice.getByTestId('composer-input');
    await input.click();
    await input.pressSequentially('hey @bo');
    const option = alice.getByTestId('mention-option').filter({ hasText: '@bob' });
    await option.waitFor({ timeout: STEP_MS });
    if ((await input.getAttribute('aria-expanded')) !== 'true') throw new Error('the composer combobox is not expanded');
    while ((await option.getAttribute('aria-selected')) !== 'true') await input.press('ArrowDown');
    await input.press('Enter');
    await pollUntil(() => input.inputValue(), 'hey @bob ', STEP_MS, 'composer after picking @bob');
    await input.pressSequentially(`look at zebra${unique}`);
    await input.press('Enter');
    await waitConfirmed(alice, mentionText, DELIVERY_MS, 'alice');
    await confirmed(alice, mentionText).getByTestId('mention').waitFor({ timeout: DELIVERY_MS });
  });

  await step('bob, in the other room, sees general counted: one mention (@1)', async () => {
    await expectText(roomItem(bob, ROOM).getByTestId('mention-badge'), '@1', DELIVERY_MS, "bob's general mention badge");
  });
  await step('bob opens general: the mention of him stands out, the badge is gone', async () => {
    await openRoom(bob, 'bob');
    await confirmed(bob, mentionText).getByTestId('mention-me').waitFor({ timeout: STEP_MS });
    if ((await roomItem(bob, ROOM).getByTestId('mention-badge').count()) !== 0) throw new Error('the mention badge stayed');
  });

  await step(`alice searches all rooms for "zebra${unique}" and jumps to the message`, async () => {
    await alice.getByTestId('search-toggle').click();
    await alice.getByTestId('search-input').fill(`ZEBRA${unique}`);
    const result = alice.getByTestId('search-result').first();
    const deadline = Date.now() + INDEX_MS;
    for (;;) {
      await alice.getByTestId('search-submit').click();
      if (await result.waitFor({ timeout: 1_000 }).then(() => true, () => false)) break;
      if (Date.now() > deadline) throw new Error(`no search result within ${INDEX_MS} ms`);
    }
    await result.click();
    await alice.locator('[data-testid="message"].highlighted').filter({ hasText: mentionText }).waitFor({ timeout: STEP_MS });
  });
  await step('axe-core: alice with the search panel open', () => axeClean(alice, 'alice'));

  await step('bob sees no moderation controls in the members panel', async () => {
    await bob.getByTestId('members-toggle').click();
    await bob.locator('[data-testid="member"][data-username="alice"]').waitFor();
    if ((await bob.getByTestId('member-mute').count()) !== 0) throw new Error('bob is offered Mute');
  });
  await step('carol (moderator) mutes bob for 1 hour from the members panel', async () => {
    await carol.getByTestId('members-toggle').click();
    const row = carol.locator('[data-testid="member"][data-username="bob"]');
    await row.getByTestId('mute-duration').selectOption({ label: '1 hour' });
    await row.getByTestId('member-mute').click();
    await row.getByTestId('member-muted').waitFor({ timeout: STEP_MS });
  });
  await step('axe-core: carol with the moderation controls open', () => axeClean(carol, 'carol'));

  await send(bob, `bob tries to talk ${unique}`, 'bob');
  await step("bob's composer says he is muted (and until when)", async () => {
    const notice = bob.getByTestId('composer-muted');
    await notice.waitFor({ timeout: DELIVERY_MS });
    const text = (await notice.textContent()) ?? '';
    if (!/until/i.test(text)) throw new Error(`the mute notice does not say until when: ${JSON.stringify(text)}`);
    if ((await confirmed(alice, `bob tries to talk ${unique}`).count()) !== 0) throw new Error('a muted message reached alice');
  });

  const privateName = `secret-${unique}`;
  await step('alice invites bob to a new private room; bob sees the invitation live and accepts it', async () => {
    await alice.evaluate(
      async ({ name, room }) => {
        const config = await (await fetch('/api/config')).json();
        const { idToken } = JSON.parse(sessionStorage.getItem('cloudchat.tokens'));
        const api = (path, init = {}) =>
          fetch(`${config.restUrl.replace(/\/+$/, '')}${path}`, {
            ...init,
            headers: { Authorization: `Bearer ${idToken}`, 'Content-Type': 'application/json' },
          });
        const rooms = (await (await api('/rooms')).json()).rooms;
        const general = rooms.find((r) => r.name === room);
        const members = (await (await api(`/rooms/${general.roomId}/members`)).json()).members;
        const bob = members.find((m) => m.username === 'bob');
        const res = await api('/rooms', { method: 'POST', body: JSON.stringify({ name, kind: 'private', memberIds: [bob.userId] }) });
        if (res.status !== 201) throw new Error(`create private room: HTTP ${res.status}`);
      },
      { name: privateName, room: ROOM },
    );
    const invitation = bob.locator(`[data-testid="invitation"][data-room-name="${privateName}"]`);
    await invitation.waitFor({ timeout: DELIVERY_MS });
    await invitation.getByTestId('invitation-accept').click();
    await bob.locator(`[data-testid="room-item"][data-room-name="${privateName}"]`).waitFor({ timeout: STEP_MS });
    if ((await invitation.count()) !== 0) throw new Error('the accepted invitation is still listed');
  });

  await screenshot('moderation-alice', alice);
  await screenshot('moderation-bob', bob);
  await screenshot('moderation-carol', carol);
}

await run(main, 'typing showed, a mention was counted and highlighted, search jumped to the message, a mute reached the composer, and an invitation was accepted');
