import { AppError } from './app-error.js';

/** The position after which the next page of a list starts: the last item's sort key. */
export interface CursorPosition {
  /** The sort timestamp of the last item on the previous page, ISO 8601. */
  at: string;
  /** The id of that item, breaking ties between equal timestamps. */
  id: string;
}

/** Turns a position into the opaque `cursor` string a list response hands out. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id]), 'utf8').toString('base64url');
}

/** Reads a cursor back; anything this server did not issue is an `INVALID_CURSOR` error. */
export function decodeCursor(cursor: string): CursorPosition {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2) {
      const [at, id] = decoded as unknown[];
      if (typeof at === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(at)) && id.length > 0 && id.length <= 64) {
        return { at, id };
      }
    }
  } catch {
    // Falls through to the error below: a cursor that is not base64url JSON is simply invalid.
  }
  throw new AppError('INVALID_CURSOR', 'The cursor is not one this server issued; start again without a cursor.', { field: 'cursor' });
}
