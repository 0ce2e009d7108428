import type { CloudProvider } from '../../../contracts/mlops-architect.js';
import type { Jurisdiction } from './compliance-checklist.js';
import { knowledgeBase } from './knowledge-base.js';

/** Where a cloud region's data centres are, or `unknown` for a region the knowledge base does not list. */
export function findRegionJurisdiction(cloud: CloudProvider, region: string): Jurisdiction | 'unknown' {
  return knowledgeBase.regions[cloud].regions.find((candidate) => candidate.code === region)?.jurisdiction ?? 'unknown';
}
