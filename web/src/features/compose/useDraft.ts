import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { MAX_MESSAGE_LENGTH } from '../../api/types';
import { charCount } from '../../format';

/**
 * A message being typed: its text, whether it may be sent (online, not blank, within the limit),
 * and the submit/Enter handlers both composers (room and thread) share. Shift+Enter and IME
 * composition insert a newline instead of sending. `onChange` hears every edit (typing).
 */
export function useDraft(online: boolean, onSend: (content: string) => void, onChange?: (text: string) => void) {
  const [text, setDraft] = useState('');
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const count = charCount(text);
  const over = count > MAX_MESSAGE_LENGTH;
  const canSend = online && text.trim().length > 0 && !over;

  function setText(next: string) {
    setDraft(next);
    onChange?.(next);
  }

  function send() {
    if (!canSend) return;
    onSend(text);
    setText('');
    inputRef.current?.focus();
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    send();
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  }

  return { text, setText, inputRef, count, over, canSend, onSubmit, onKeyDown };
}
