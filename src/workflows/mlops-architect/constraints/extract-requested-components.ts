import { createWordPattern } from '../../../tools/text-matching/create-word-pattern.js';
import { computeConfidence } from './compute-confidence.js';
import type { FieldExtraction } from './field-extraction.js';

/**
 * Compute platforms a request can name, by catalogue component id. Only platforms: other services
 * (Kafka, feature stores, vector stores) reach the plan through the workloads they imply.
 */
const platformNames: readonly { componentId: string; terms: readonly string[] }[] = [
  { componentId: 'lambda_inference', terms: ['AWS Lambda', 'Lambda', 'Lambda functions', 'Cloud Functions', 'Azure Functions', 'serverless functions'] },
  { componentId: 'eks', terms: ['Kubernetes', 'k8s', 'EKS', 'GKE', 'AKS'] },
];

/** Finds the compute platforms the request asks for by name, each with its span. */
export function extractRequestedComponents(text: string): FieldExtraction<string[]> {
  const evidence: FieldExtraction<string[]>['evidence'] = {};
  const value: string[] = [];
  for (const platform of platformNames) {
    for (const term of platform.terms) {
      const match = createWordPattern(term).exec(text);
      if (!match) continue;
      value.push(platform.componentId);
      // A product name ("AWS Lambda", "EKS") is a clear ask; a generic word ("serverless functions") less so.
      const specific = /[A-Z]{2,}|Lambda|Kubernetes/.test(term) ? 0.6 : 0.3;
      evidence[`requestedComponents.${platform.componentId}`] = {
        span: { start: match.index, end: match.index + match[0].length, text: match[0] },
        confidence: computeConfidence('stated', [specific]),
        source: 'stated',
      };
      break;
    }
  }
  return { value: value.sort(), evidence, ambiguities: [] };
}
