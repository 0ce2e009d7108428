import type { ArchitecturePattern } from './architecture-patterns.js';
import { knowledgeBase } from './knowledge-base.js';

/** The architecture pattern with this id, or undefined when the knowledge base has none (e.g. a model's own pattern). */
export function findArchitecturePattern(id: string): ArchitecturePattern | undefined {
  return knowledgeBase.patterns.find((pattern) => pattern.id === id);
}
