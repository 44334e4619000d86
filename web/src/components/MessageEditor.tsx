import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { MAX_MESSAGE_LENGTH } from '../api/types';
import { charCount } from '../format';

export interface MessageEditorProps {
  initial: string;
  /** resolves true once saved */
  onSave: (content: string) => Promise<boolean>;
  onCancel: () => void;
}

/** Edit a message in place: Enter saves, Escape cancels. */
export function MessageEditor({ initial, onSave, onCancel }: MessageEditorProps) {
  const [text, setText] = useState(initial);
  const [saving, setSaving] = useState(false);
  const valid = text.trim().length > 0 && charCount(text) <= MAX_MESSAGE_LENGTH;

  async function save(e?: FormEvent) {
    e?.preventDefault();
    if (!valid || saving) return;
    if (text === initial) return onCancel();
    setSaving(true);
    if (!(await onSave(text))) setSaving(false);
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) void save(e);
    else if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    }
  }

  return (
    <form className="msg-editor" onSubmit={(e) => void save(e)}>
      <textarea
        data-testid="edit-input"
        aria-label="Edit message"
        autoFocus
        rows={2}
        value={text}
        aria-invalid={!valid || undefined}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="msg-actions">
        <button type="submit" className="btn btn-small btn-primary" data-testid="edit-save" disabled={!valid || saving}>
          Save
        </button>
        <button type="button" className="btn btn-small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
