import { getRandomValues } from 'node:crypto';
import { v7 } from 'uuid';

/**
 * Random bytes drawn 256 ids at a time: uuid asks the operating system for 16 bytes per id, and a
 * busy gateway makes four ids a call (request, call, ledger row, answer), which was 4 % of its CPU
 * at concurrency 1 (bench/gateway-bench.ts profile).
 */
const randomPool = new Uint8Array(16 * 256);
let poolOffset = randomPool.length;
/** The millisecond and counter of the last id, so that ids made in one millisecond still increase (as uuid's own v7 does). */
let lastMilliseconds = -Infinity;
let sequence = 0;

/**
 * A new time-ordered UUID (v7): ids sort by creation time, which keeps the primary-key index
 * append-mostly and lets lists page by id.
 */
export function createId(): string {
  if (poolOffset === randomPool.length) {
    getRandomValues(randomPool);
    poolOffset = 0;
  }
  const random = randomPool.subarray(poolOffset, poolOffset + 16);
  poolOffset += 16;
  const now = Date.now();
  if (now > lastMilliseconds) {
    // A fresh millisecond starts its counter at a random 31-bit value (uuid's v7Sequence).
    sequence = (((random[6] as number) & 0x7f) << 24) | ((random[7] as number) << 16) | ((random[8] as number) << 8) | (random[9] as number);
    lastMilliseconds = now;
  } else {
    sequence = (sequence + 1) | 0;
    // The counter ran over: borrow the next millisecond rather than repeat an id.
    if (sequence === 0) lastMilliseconds += 1;
  }
  return v7({ msecs: lastMilliseconds, seq: sequence, random });
}
