import { describe, expect, it } from 'vitest';
import type { Artifact } from '../../../contracts/artifact.js';
import type { ReasonCard } from '../../../contracts/run-event.js';
import { AppError } from '../../../core/app-error.js';
import type { NodeContext } from '../../../engine/workflow-definition.js';
import { extractConstraints } from '../constraints/extract-constraints.js';
import { renderRepository } from '../codegen/render-repository.js';
import { designWithRevisions } from '../design-with-revisions.js';
import type { MlopsArchitectStateValues } from '../mlops-architect-state.js';
import { validatorsNode } from './validators-node.js';

/** A node context that records what the node emitted and saved (the node's own logic is under test, not the store). */
function recordingContext() {
  const cards: ReasonCard[] = [];
  const artifacts = new Map<string, string>();
  const context = {
    runId: '01a1ff9b-9224-7007-9499-ee4181dfa4a2',
    node: 'validators',
    stepId: '01a1ff9b-9224-7007-9499-ee4181dfa4a3',
    attempt: 1,
    signal: new AbortController().signal,
    emitReasonCard: async (card: ReasonCard) => void cards.push(card),
    emitEvent: async () => undefined,
    saveArtifact: async (name: string, mediaType: string, content: Buffer | string) => {
      artifacts.set(name, content.toString());
      return { id: '01a1ff9b-9224-7007-9499-ee4181dfa4a4', runId: '', name, mediaType, size: content.length, contentHash: '', createdAt: '' } satisfies Artifact;
    },
    requestApproval: () => {
      throw new Error('the validators ask nobody');
    },
    findPreviousArtifact: async () => null,
  } satisfies NodeContext;
  return { context, cards, artifacts };
}

function stateWith(repository: Map<string, string>): MlopsArchitectStateValues {
  return { repository: Object.fromEntries(repository) } as MlopsArchitectStateValues;
}

const request = 'Real-time fraud detection on AWS, p99 under 100 ms, 10,000 requests per second, PCI DSS, budget $15,000 per month.';
const constraints = extractConstraints(request);
const design = designWithRevisions(constraints);
const repository = () => renderRepository({ requestText: request, constraints, plan: design.plan, findings: design.findings, generatedAt: '2026-01-15T09:30:00Z' });

describe('validatorsNode', () => {
  it('passes a generated repository and says so on its card', async () => {
    const { context, cards, artifacts } = recordingContext();
    const update = await validatorsNode(stateWith(repository()), context);
    expect(update.validation?.ok).toBe(true);
    expect(cards[0]).toMatchObject({ agent: 'validators', decision: 'Repository valid' });
    expect(artifacts.size).toBe(0);
  });

  it('fails the run with a non-retryable error and saves the report when a check fails', async () => {
    const { context, cards, artifacts } = recordingContext();
    const broken = repository();
    broken.set('infra/terraform/main.tf', `${broken.get('infra/terraform/main.tf') ?? ''}\noutput "oops" {\n  value = module.nowhere.id\n}\n`);
    broken.set('src/service/app.py', 'def broken(:\n');
    const failure = await Promise.resolve(validatorsNode(stateWith(broken), context)).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('GENERATED_REPOSITORY_INVALID');
    expect((failure as AppError).message).toMatch(/module\.nowhere|app\.py/);
    expect(cards[0]?.decision).toMatch(/^Repository invalid: \d+ problem/);
    expect(JSON.parse(artifacts.get('validation.json') ?? '{}')).toMatchObject({ ok: false });
    expect(artifacts.get('validation.md')).toContain('module.nowhere');
  });
});
