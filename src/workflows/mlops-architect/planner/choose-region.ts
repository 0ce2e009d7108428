import type { Constraints } from '../../../contracts/mlops-architect.js';
import type { Jurisdiction } from '../knowledge-base/compliance-checklist.js';
import { findRegionJurisdiction } from '../knowledge-base/find-region-jurisdiction.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import type { PlanningDirectives } from './planning-directives.js';

export interface RegionChoice {
  region: string;
  /** Why this region, when residency decided it; null when it is simply the stated or default region. */
  reason: string | null;
}

/** The jurisdiction the stated frameworks require data to stay in, with the frameworks that require it. */
export function findRequiredJurisdiction(constraints: Constraints): { value: Jurisdiction; frameworks: string[] } | null {
  const byJurisdiction = new Map<Jurisdiction, string[]>();
  for (const framework of [...constraints.compliance].sort()) {
    const residency = knowledgeBase.checklist.frameworks[framework].residency;
    if (residency !== null) byJurisdiction.set(residency, [...(byJurisdiction.get(residency) ?? []), framework]);
  }
  // Two frameworks wanting different jurisdictions cannot both be met; EU first, and the policy critic reports the other.
  for (const value of ['eu', 'us', 'other'] as const) {
    const frameworks = byJurisdiction.get(value);
    if (frameworks !== undefined) return { value, frameworks };
  }
  return null;
}

/**
 * The plan's region: a stated region in the required jurisdiction if there is one; otherwise the
 * first stated region (a first plan honours the request and lets the policy critic flag a
 * residency conflict); after a residency finding, the cloud's default region in that jurisdiction.
 */
export function chooseRegion(constraints: Constraints, directives: PlanningDirectives): RegionChoice {
  const cloud = constraints.cloud;
  const defaults = knowledgeBase.regions[cloud];
  const stated = findRequiredJurisdiction(constraints);
  const required =
    directives.jurisdiction ??
    (stated === null ? null : { value: stated.value, reason: `${stated.frameworks.join(', ')} keeps data in the ${stated.value.toUpperCase()}` });

  if (required !== null) {
    const inJurisdiction = constraints.regions.find((region) => findRegionJurisdiction(cloud, region) === required.value);
    if (inJurisdiction !== undefined) return { region: inJurisdiction, reason: `${inJurisdiction}: ${required.reason}` };
  }
  const [firstStated] = constraints.regions;
  if (firstStated !== undefined && directives.jurisdiction === null) return { region: firstStated, reason: null };
  if (required !== null && required.value !== 'other') {
    const region = defaults.defaultRegionByJurisdiction[required.value];
    return { region, reason: `${region}: ${required.reason}` };
  }
  return { region: firstStated ?? defaults.defaultRegion, reason: null };
}
