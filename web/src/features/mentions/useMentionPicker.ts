import { useState, type KeyboardEvent, type RefObject } from 'react';
import type { Member } from '../../api/types';
import { completeMention, mentionQuery, moveActive, suggestMembers } from './mentions';

/**
 * Autocomplete for the `@partial` at a composer's caret: the options, the highlighted one,
 * and a key handler (arrows move, Enter/Tab pick, Escape closes) that runs before the draft's.
 */
export function useMentionPicker(
  members: Member[],
  myUserId: string | null,
  text: string,
  setText: (text: string) => void,
  inputRef: RefObject<HTMLTextAreaElement | null>,
) {
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  /** the `@` position the user closed the list at with Escape */
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);

  const token = mentionQuery(text, Math.min(caret, text.length));
  const options = token && token.start !== dismissedAt ? suggestMembers(members, token.query, myUserId) : [];
  const open = options.length > 0;
  const highlighted = Math.min(active, Math.max(0, options.length - 1));

  function trackCaret() {
    const el = inputRef.current;
    if (el) setCaret(el.selectionStart ?? el.value.length);
  }

  function pick(member: Member) {
    if (!token) return;
    const done = completeMention(text, token.start, Math.min(caret, text.length), member.username);
    setText(done.text);
    setCaret(done.caret);
    setActive(0);
    requestAnimationFrame(() => {
      const el = inputRef.current;
      el?.focus();
      el?.setSelectionRange(done.caret, done.caret);
    });
  }

  /** true when the key belonged to the open list */
  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open || !token) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      setActive(moveActive(highlighted, options.length, e.key));
    } else if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
      const choice = options[highlighted];
      if (choice) pick(choice);
    } else if (e.key === 'Escape') {
      setDismissedAt(token.start);
    } else {
      return false;
    }
    e.preventDefault();
    return true;
  }

  return { open, options, active: highlighted, pick, onKeyDown, trackCaret };
}
