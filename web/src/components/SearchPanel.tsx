import { useState, type FormEvent } from 'react';
import type { SearchResult } from '../api/types';
import { MAX_QUERY_LENGTH, jumpTarget, type JumpTarget } from '../features/search/search';
import type { useSearch } from '../features/search/useSearch';
import { formatTime, snippet } from '../format';

export interface SearchPanelProps {
  search: ReturnType<typeof useSearch>;
  /** the open room, for "this room only"; null: all rooms */
  roomId: string | null;
  roomName: string | null;
  onJump: (target: JumpTarget) => void;
  onClose: () => void;
}

/** A search box (this room or all my rooms) and its results; choosing one jumps to the message. */
export function SearchPanel({ search, roomId, roomName, onJump, onClose }: SearchPanelProps) {
  const [text, setText] = useState('');
  const [thisRoom, setThisRoom] = useState(false);
  const scope = thisRoom ? roomId : null;

  function submit(e: FormEvent) {
    e.preventDefault();
    search.search(text, scope);
  }

  return (
    <section className="search-panel" aria-label="Search messages" data-testid="search-panel">
      <form role="search" onSubmit={submit} className="search-form">
        <label htmlFor="search-input" className="sr-only">
          Search messages
        </label>
        <input
          id="search-input"
          type="search"
          data-testid="search-input"
          value={text}
          maxLength={MAX_QUERY_LENGTH}
          placeholder="Search messages"
          onChange={(e) => setText(e.target.value)}
        />
        {roomId && (
          <label className="small">
            <input type="checkbox" data-testid="search-this-room" checked={thisRoom} onChange={(e) => setThisRoom(e.target.checked)} /> Only{' '}
            {roomName}
          </label>
        )}
        <button type="submit" className="btn btn-small btn-primary" data-testid="search-submit">
          Search
        </button>
        <button type="button" className="btn btn-small" onClick={onClose}>
          Close
        </button>
      </form>
      <div aria-live="polite" className="small muted">
        {search.loading ? 'Searching…' : search.error ?? (search.query !== null && search.results.length === 0 ? 'No messages found.' : '')}
      </div>
      <ul className="search-results" data-testid="search-results">
        {search.results.map((r) => (
          <li key={`${r.roomId}/${r.message.messageId}`}>
            <ResultButton result={r} onJump={onJump} />
          </li>
        ))}
      </ul>
      {search.nextCursor && (
        <button type="button" className="btn btn-small" disabled={search.loading} onClick={() => search.more(scope)}>
          More results
        </button>
      )}
    </section>
  );
}

function ResultButton({ result, onJump }: { result: SearchResult; onJump: (target: JumpTarget) => void }) {
  const m = result.message;
  return (
    <button type="button" className="search-result" data-testid="search-result" data-message-id={m.messageId} onClick={() => onJump(jumpTarget(result))}>
      <span className="small muted">
        {result.roomName} · {m.username} · {formatTime(m.createdAt)}
      </span>
      <span>{snippet(m.content, 120)}</span>
    </button>
  );
}
