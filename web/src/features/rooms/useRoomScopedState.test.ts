import { describe, expect, it } from 'vitest';
import { updateScoped, type Scoped } from './useRoomScopedState';

describe('updateScoped', () => {
  const start: Scoped<number> = { roomId: 'r1', value: 1 };

  it('sets a value or applies a function for the open room', () => {
    expect(updateScoped(start, 'r1', 5)).toEqual({ roomId: 'r1', value: 5 });
    expect(updateScoped(start, 'r1', (n) => n + 1)).toEqual({ roomId: 'r1', value: 2 });
  });

  it('keeps the same object when nothing changes', () => {
    expect(updateScoped(start, 'r1', 1)).toBe(start);
  });

  it('drops an update made for a room that is no longer open (a late response)', () => {
    expect(updateScoped(start, 'r2', 9)).toBe(start);
    expect(updateScoped(start, null, (n) => n + 1)).toBe(start);
  });
});
