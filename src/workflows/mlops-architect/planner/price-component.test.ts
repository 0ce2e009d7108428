import { describe, expect, it } from 'vitest';
import { costUnits, type CostUnit } from '../knowledge-base/cost-units.js';
import { getCatalogueComponent } from '../knowledge-base/find-catalogue-component.js';
import { priceComponent } from './price-component.js';

function quantities(values: Partial<Record<CostUnit, number>>): Record<CostUnit, number> {
  return { ...(Object.fromEntries(costUnits.map((unit) => [unit, 0])) as Record<CostUnit, number>), ...values };
}

describe('priceComponent', () => {
  it('adds the fixed part to each rate times its quantity, in whole dollars', () => {
    // EKS: $73 control plane + 20 nodes × 730 h × $0.192.
    expect(priceComponent(getCatalogueComponent('eks'), 'aws', quantities({ serving_node_hours: 20 * 730 }), false)).toBe(2876);
  });

  it('takes the spot discount off usage but never off fixed fees', () => {
    const eks = getCatalogueComponent('eks');
    const onDemand = priceComponent(eks, 'aws', quantities({ serving_node_hours: 730 }), false);
    const spot = priceComponent(eks, 'aws', quantities({ serving_node_hours: 730 }), true);
    expect(onDemand).toBe(Math.round(73 + 730 * 0.192));
    expect(spot).toBe(Math.round(73 + 730 * 0.192 * (1 - eks.spotDiscountPercent / 100)));
  });

  it('prices the same component from each cloud’s own list prices', () => {
    const gpu = getCatalogueComponent('gpu_node_pool');
    const month = quantities({ gpu_node_hours: 730 });
    expect(new Set([priceComponent(gpu, 'aws', month, false), priceComponent(gpu, 'gcp', month, false), priceComponent(gpu, 'azure', month, false)]).size).toBe(3);
  });

  it('charges only the fixed part when nothing is used', () => {
    expect(priceComponent(getCatalogueComponent('lambda_inference'), 'aws', quantities({}), false)).toBe(0);
  });
});
