import type { CatalogueComponent } from './component-catalogue.js';
import { knowledgeBase } from './knowledge-base.js';

const componentsById = new Map(knowledgeBase.components.map((component) => [component.id, component]));

/** The catalogue component with this id, or undefined for an id the catalogue does not know (e.g. from a model's plan). */
export function findCatalogueComponent(id: string): CatalogueComponent | undefined {
  return componentsById.get(id);
}

/** The catalogue component with this id; throws for an unknown id, which is a bug in the knowledge base or the planner. */
export function getCatalogueComponent(id: string): CatalogueComponent {
  const component = componentsById.get(id);
  if (component === undefined) throw new Error(`Unknown catalogue component: ${id}`);
  return component;
}
