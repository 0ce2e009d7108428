import type { CloudProvider } from '../../../contracts/mlops-architect.js';
import type { CatalogueComponent } from '../knowledge-base/component-catalogue.js';
import type { CostUnit } from '../knowledge-base/cost-units.js';

/**
 * The monthly cost of one component on one cloud in whole US dollars: the fixed part plus each rate
 * times its estimated quantity, with the spot discount taken off usage (never off fixed fees) when
 * the component runs on spot capacity.
 */
export function priceComponent(component: CatalogueComponent, cloud: CloudProvider, quantities: Readonly<Record<CostUnit, number>>, spot: boolean): number {
  const model = component.cost[cloud];
  const usage = model.rates.reduce((total, rate) => total + rate.priceUsd * quantities[rate.unit], 0);
  const discount = spot ? component.spotDiscountPercent / 100 : 0;
  return Math.round(model.baseMonthlyUsd + usage * (1 - discount));
}
