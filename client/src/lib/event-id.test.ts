import { describe, expect, it } from 'vitest';
import { newEventId } from './event-id.ts';

describe('browser event ids', () => {
  it('are version-4 UUIDs that the hub accepts, without needing a secure context', () => {
    const ids = new Set(Array.from({ length: 2000 }, newEventId));
    expect(ids.size).toBe(2000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
