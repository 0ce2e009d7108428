import { describe, expect, it } from 'vitest';
import { BudgetLease } from './budget-lease.js';

const context = { tenantId: '00000000-0000-0000-0000-000000000001' };

describe('a budget lease', () => {
  it('carves worst cases only while they fit its grant and its time, and gives back what calls did not use', () => {
    const lease = new BudgetLease('00000000-0000-0000-0000-00000000000a', 1_000, 500, 100, context);
    const first = lease.carve(600, 100, 0);
    expect(first).toBeDefined();
    // 600 + 600 would pass the 1,000 µ$ granted.
    expect(lease.carve(600, 100, 0)).toBeUndefined();
    const second = lease.carve(400, 100, 0);
    expect(second).toBeDefined();
    expect(lease.carve(1, 1, 0)).toBeUndefined();
    lease.finish(first!, 150, 40);
    expect(lease.leftShare).toBeCloseTo(0.45);
    // The 450 µ$ the first call did not use can be carved again, but not 451.
    expect(lease.carve(451, 1, 0)).toBeUndefined();
    const third = lease.carve(450, 1, 0);
    expect(third).toBeDefined();
    // Tokens bind as well: 40 + 100 + 1 carved of 500.
    expect(lease.carve(0, 360, 0)).toBeUndefined();
    lease.finish(second!, null, 30);
    lease.finish(third!, 200, 1);
    expect({ spentMicros: lease.spentMicros, spentTokens: lease.spentTokens, inFlight: lease.inFlight, calls: lease.calls }).toEqual({ spentMicros: 350, spentTokens: 71, inFlight: 0, calls: 3 });
    // Past its time it carves nothing, however much is left.
    expect(lease.carve(1, 1, 100)).toBeUndefined();
  });

  it('is done once retired with no call in flight; a retired lease carves nothing', () => {
    const lease = new BudgetLease('00000000-0000-0000-0000-00000000000b', 1_000, 1_000, 100, context);
    const carve = lease.carve(10, 10, 0)!;
    lease.retired = true;
    expect(lease.done).toBe(false);
    expect(lease.carve(10, 10, 0)).toBeUndefined();
    lease.finish(carve, 5, 5);
    expect(lease.done).toBe(true);
  });

  it('carves anything when no budget applied (it only stands for "no budget" until it ends)', () => {
    const lease = new BudgetLease(undefined, 0, 0, 100, context);
    expect(lease.unbudgeted).toBe(true);
    expect(lease.carve(1_000_000, 1_000_000, 0)).toBeDefined();
    expect(lease.carve(1, 1, 100)).toBeUndefined();
  });
});
