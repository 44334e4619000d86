import type { Member } from '../api/types';
import type { useDraft } from '../features/compose/useDraft';
import { useMentionPicker } from '../features/mentions/useMentionPicker';
import { MentionPicker, optionId } from './MentionPicker';

export interface MentionTextareaProps {
  id: string;
  testId: string;
  draft: ReturnType<typeof useDraft>;
  /** the room's members, offered after `@` */
  members: Member[];
  myUserId: string | null;
  disabled: boolean;
  placeholder: string;
  describedBy?: string;
}

/** A composer's textarea as an ARIA combobox whose listbox suggests room members after `@`. */
export function MentionTextarea({ id, testId, draft, members, myUserId, disabled, placeholder, describedBy }: MentionTextareaProps) {
  const picker = useMentionPicker(members, myUserId, draft.text, draft.setText, draft.inputRef);
  const listId = `${id}-mentions`;

  return (
    <div className="mention-field">
      {picker.open && <MentionPicker id={listId} options={picker.options} active={picker.active} onPick={picker.pick} />}
      <textarea
        id={id}
        ref={draft.inputRef}
        data-testid={testId}
        rows={2}
        value={draft.text}
        disabled={disabled}
        placeholder={placeholder}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={picker.open}
        aria-controls={picker.open ? listId : undefined}
        aria-activedescendant={picker.open ? optionId(listId, picker.active) : undefined}
        aria-describedby={describedBy}
        aria-invalid={draft.over || undefined}
        onChange={(e) => {
          draft.setText(e.target.value);
          picker.trackCaret();
        }}
        onSelect={picker.trackCaret}
        onKeyDown={(e) => {
          if (!picker.onKeyDown(e)) draft.onKeyDown(e);
        }}
      />
    </div>
  );
}
