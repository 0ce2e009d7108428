import type { Constraints } from '../../../contracts/mlops-architect.js';
import type { Ambiguity } from './field-extraction.js';

/**
 * The questions an architect asks before drawing anything, for whatever the request left out. Fields that
 * already carry an ambiguity (e.g. "real-time" without a number) are not asked about twice.
 */
export function findMissingBasics(text: string, constraints: Omit<Constraints, 'evidence'>): Ambiguity[] {
  const asked = new Set(constraints.ambiguities.map((ambiguity) => ambiguity.field));
  const questions: Ambiguity[] = [];
  const ask = (field: string, message: string) => {
    if (!asked.has(field)) questions.push({ field, message });
  };
  if (text.trim() === '') ask('request', 'The request is empty: describe what the system should do, for whom, and under which constraints.');
  const { workloads } = constraints;
  if (workloads.length === 0) {
    ask('workloads', 'What should the system do: serve predictions online, score in batches, train models, process streams, serve an LLM or answer from documents (RAG)?');
  }
  const interactive = workloads.some((kind) => kind === 'online_inference' || kind === 'llm_serving' || kind === 'rag');
  if ((interactive || workloads.length === 0) && constraints.latencyMs === null) ask('latencyMs', 'What response time is needed, and at which percentile (for example p99 under 200 ms)?');
  if ((interactive || workloads.includes('streaming') || workloads.length === 0) && constraints.throughputRps === null) ask('throughputRps', 'What is the peak load, in requests or events per second?');
  if (constraints.budgetMonthlyUsd === null) ask('budgetMonthlyUsd', 'What is the monthly budget for the infrastructure, in US dollars?');
  if (workloads.includes('training') && constraints.trainingFrequency === null) ask('trainingFrequency', 'How often must models be retrained (daily, weekly, on drift)?');
  if (constraints.compliance.length === 0 && constraints.dataClassification === null) ask('compliance', 'Does the data fall under any compliance framework (HIPAA, PCI DSS, GDPR, SOC 2…), or is it free of personal data?');
  return questions;
}
