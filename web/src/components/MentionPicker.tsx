import type { Member } from '../api/types';

export interface MentionPickerProps {
  /** the listbox id the composer's combobox points at */
  id: string;
  options: Member[];
  active: number;
  onPick: (member: Member) => void;
}

export const optionId = (listId: string, index: number) => `${listId}-opt-${index}`;

/** The `@mention` suggestions under a composer (ARIA listbox; focus stays in the textarea). */
export function MentionPicker({ id, options, active, onPick }: MentionPickerProps) {
  return (
    <ul className="mention-picker" id={id} role="listbox" aria-label="Mention a member" data-testid="mention-options">
      {options.map((m, i) => (
        <li
          key={m.userId}
          id={optionId(id, i)}
          role="option"
          aria-selected={i === active}
          className={i === active ? 'active' : undefined}
          data-testid="mention-option"
          // mousedown, not click: the textarea keeps focus and its caret
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(m);
          }}
        >
          @{m.username}
        </li>
      ))}
    </ul>
  );
}
