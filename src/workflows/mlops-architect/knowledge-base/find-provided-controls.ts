import type { ComplianceControl } from './compliance-controls.js';
import { findCatalogueComponent } from './find-catalogue-component.js';

/** The compliance controls a set of components provides between them (unknown ids provide nothing). */
export function findProvidedControls(componentIds: Iterable<string>): Set<ComplianceControl> {
  const provided = new Set<ComplianceControl>();
  for (const id of componentIds) for (const control of findCatalogueComponent(id)?.provides ?? []) provided.add(control);
  return provided;
}
