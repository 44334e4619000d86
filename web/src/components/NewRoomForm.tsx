import { useState, type FormEvent } from 'react';
import type { NewRoomInput } from '../features/rooms/useRooms';

/** A disclosure with the new-room form; a failed create shows its error in the form. */
export function NewRoomForm({ onCreate }: { onCreate: (input: NewRoomInput) => Promise<void> }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'public' | 'private'>('public');
  const [description, setDescription] = useState('');
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim() || creating) return;
    setCreating(true);
    setCreateError(null);
    try {
      await onCreate({ name: name.trim(), kind, description: description.trim() });
      setName('');
      setDescription('');
    } catch (err) {
      setCreateError(err instanceof Error ? err.message : 'Could not create the room.');
    } finally {
      setCreating(false);
    }
  }

  return (
    <details className="sidebar-section">
      <summary className="section-title" data-testid="new-room-toggle">
        New room
      </summary>
      <form className="new-room" onSubmit={submit}>
        <div className="field">
          <label htmlFor="new-room-name">Name</label>
          <input
            id="new-room-name"
            data-testid="new-room-name"
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="new-room-kind">Visibility</label>
          <select
            id="new-room-kind"
            data-testid="new-room-kind"
            value={kind}
            onChange={(e) => setKind(e.target.value === 'private' ? 'private' : 'public')}
          >
            <option value="public">Public</option>
            <option value="private">Private</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="new-room-desc">Description (optional)</label>
          <input
            id="new-room-desc"
            data-testid="new-room-description"
            maxLength={500}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        {createError && (
          <p className="form-error" role="alert">
            {createError}
          </p>
        )}
        <button type="submit" className="btn btn-primary" data-testid="new-room-submit" disabled={creating || !name.trim()}>
          {creating ? 'Creating…' : 'Create room'}
        </button>
      </form>
    </details>
  );
}
