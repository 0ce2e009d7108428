import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { SystemUser } from './postgres-system-user.js';

/** Whether every folder from `/` down to `directory` can be entered (searched) by the account. */
export async function canAccountEnter(directory: string, user: SystemUser): Promise<boolean> {
  let current = directory;
  for (;;) {
    const info = await stat(current).catch(() => undefined);
    if (info) {
      const bits = info.uid === user.uid ? (info.mode >> 6) & 7 : info.gid === user.gid ? (info.mode >> 3) & 7 : info.mode & 7;
      if ((bits & 1) === 0) {
        return false;
      }
    }
    const parent = path.dirname(current);
    if (parent === current) {
      return true;
    }
    current = parent;
  }
}
