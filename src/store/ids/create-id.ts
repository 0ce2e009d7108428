import { v7 } from 'uuid';

/**
 * A new time-ordered UUID (v7): ids sort by creation time, which keeps the primary-key index
 * append-mostly and lets lists page by id.
 */
export function createId(): string {
  return v7();
}
