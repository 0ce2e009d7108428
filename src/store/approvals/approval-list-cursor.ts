import type { ApprovalListSort } from '../../contracts/approval.js';
import { AppError } from '../../core/app-error.js';
import { decodeCursor, encodeCursor, type CursorPosition } from '../../core/pagination-cursor.js';

const deadlineTag = 'deadline';
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The cursor after an approval (its sort key, ISO 8601, and id) in a list of the given order.
 * Newest first keeps the cursor every list uses, over (created_at, id); soonest deadline first is
 * over (deadline, id) and tagged with its order, so that a cursor of one order handed to the
 * other is refused instead of silently repeating or skipping rows.
 */
export function encodeApprovalListCursor(sort: ApprovalListSort, position: CursorPosition): string {
  if (sort === 'newest') return encodeCursor(position);
  return Buffer.from(JSON.stringify([deadlineTag, position.at, position.id]), 'utf8').toString('base64url');
}

/** Reads a cursor of {@link encodeApprovalListCursor} back; anything else is `INVALID_CURSOR`. */
export function decodeApprovalListCursor(sort: ApprovalListSort, cursor: string): CursorPosition {
  const position = sort === 'newest' ? decodeCursor(cursor) : decodeDeadlineCursor(cursor);
  // Approval ids are uuids: anything else would only reach the database as a cast error.
  if (!uuidPattern.test(position.id)) throw invalidCursor(sort);
  return position;
}

function decodeDeadlineCursor(cursor: string): CursorPosition {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 3 && decoded[0] === deadlineTag) {
      const [, at, id] = decoded as unknown[];
      if (typeof at === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(at)) && id.length > 0 && id.length <= 64) {
        return { at, id };
      }
    }
  } catch {
    // Falls through: a cursor that is not base64url JSON is simply invalid.
  }
  throw invalidCursor('deadline');
}

function invalidCursor(sort: ApprovalListSort): AppError {
  return new AppError('INVALID_CURSOR', `The cursor is not one this server issued for sort=${sort}; start again without a cursor.`, { field: 'cursor' });
}
