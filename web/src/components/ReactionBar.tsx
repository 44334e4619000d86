import { useRef, useState, type KeyboardEvent } from 'react';
import type { Reaction } from '../api/types';
import { QUICK_EMOJIS } from '../features/reactions/reactions';

export interface ReactionBarProps {
  reactions: Reaction[];
  /** whose message, for the labels */
  author: string;
  onToggle: (emoji: string, add: boolean) => void;
}

/** A message's reaction chips (mine pressed) and an emoji picker; all buttons, so Tab and Enter work. */
export function ReactionBar({ reactions, author, onToggle }: ReactionBarProps) {
  const [picking, setPicking] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);

  function close() {
    setPicking(false);
    opener.current?.focus();
  }

  function onPickerKey(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  }

  return (
    <div className="reactions" data-testid="reactions">
      {reactions.map((r) => (
        <button
          key={r.emoji}
          type="button"
          className={`chip${r.mine ? ' mine' : ''}`}
          data-testid="reaction-chip"
          data-emoji={r.emoji}
          data-count={r.count}
          aria-pressed={r.mine}
          aria-label={`${r.emoji} ${r.count}${r.mine ? ', including you' : ''}. ${r.mine ? 'Remove' : 'Add'} your reaction`}
          onClick={() => onToggle(r.emoji, !r.mine)}
        >
          <span aria-hidden="true">{r.emoji}</span> <span aria-hidden="true">{r.count}</span>
        </button>
      ))}
      <button
        ref={opener}
        type="button"
        className="chip add"
        data-testid="reaction-add"
        aria-expanded={picking}
        aria-label={`React to ${author}'s message`}
        onClick={() => setPicking((p) => !p)}
      >
        +☺
      </button>
      {picking && (
        <div className="picker" role="group" aria-label="Pick a reaction" onKeyDown={onPickerKey}>
          {QUICK_EMOJIS.map((emoji, i) => (
            <button
              key={emoji}
              type="button"
              className="chip"
              data-testid="reaction-option"
              data-emoji={emoji}
              autoFocus={i === 0}
              aria-label={`React with ${emoji}`}
              onClick={() => {
                const mine = reactions.some((r) => r.emoji === emoji && r.mine);
                if (!mine) onToggle(emoji, true);
                close();
              }}
            >
              {emoji}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
