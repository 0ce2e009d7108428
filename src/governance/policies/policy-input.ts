import { Environment } from '@marcbachmann/cel-js';
import type { Role } from '../../core/permissions.js';
import type { Principal } from '../../core/principal.js';

/** Where policies are evaluated, in the order a run meets them. */
export const policyPhases = ['run.create', 'step.before', 'tool.before', 'llm.before'] as const;

/** One of `policyPhases`. */
export type PolicyPhase = (typeof policyPhases)[number];

/** `tenant`: the tenant the action belongs to. */
export interface TenantFacts {
  id: string;
}

/** `principal`: who asked for the action (user, api_key or local; owner, admin, developer or viewer). */
export interface PrincipalFacts {
  kind: Principal['kind'];
  id: string;
  role: Role;
}

/** `run`: the run the action belongs to (empty strings and zeros for an LLM call outside a run). */
export interface RunFacts {
  /** Empty at `run.create`: the run has no id until it is recorded. */
  id: string;
  workflow: string;
  workflowVersion: number;
  /** Empty when the run belongs to no project. */
  projectId: string;
  priority: number;
  /** Forecast from the workflow's past runs; 0 when unknown. */
  estimatedCostUsd: number;
  /** Spent so far. */
  costUsd: number;
  tokens: number;
  /** The run input's `dataClassification`, else `constraints.dataClassification`; empty when absent. */
  dataClassification: string;
  /** The run input's `region`, else `constraints.region`; empty when absent. */
  region: string;
  /** The run's input as given (JSON values: every number is a CEL double). */
  input: Record<string, unknown>;
}

/** `budget`: the tightest budget that applies to the action. */
export interface BudgetFacts {
  hasLimit: boolean;
  limitUsd: number;
  spentUsd: number;
  remainingUsd: number;
}

/** `step`: the node about to execute. */
export interface StepFacts {
  node: string;
  attempt: number;
  index: number;
  /** The latest reason-card confidence in the run; 1.0 when there is none. */
  confidence: number;
}

/** `tool`: the tool call about to execute. */
export interface ToolFacts {
  name: string;
  arguments: Record<string, unknown>;
  /** The latest reason-card confidence in the run; 1.0 when there is none. */
  confidence: number;
}

/** `llm`: the LLM call about to be sent. */
export interface LlmFacts {
  provider: string;
  model: string;
  agent: string;
  userId: string;
  maxOutputTokens: number;
  estimatedInputTokens: number;
  estimatedCostUsd: number;
  streamed: boolean;
}

/** Every variable a policy can name, whatever the phase. */
export interface PolicyVariables {
  tenant: TenantFacts;
  principal: PrincipalFacts;
  run: RunFacts;
  budget: BudgetFacts;
  step: StepFacts;
  tool: ToolFacts;
  llm: LlmFacts;
}

/** A variable's name: `tenant`, `principal`, `run`, `budget`, `step`, `tool` or `llm`. */
export type PolicyVariableName = keyof PolicyVariables;

/** Which variables each phase declares; naming any other is a type error when the policy is saved. */
export const policyPhaseVariables = {
  'run.create': ['tenant', 'principal', 'run', 'budget'],
  'step.before': ['tenant', 'principal', 'run', 'step'],
  'tool.before': ['tenant', 'principal', 'run', 'step', 'tool'],
  'llm.before': ['tenant', 'principal', 'run', 'budget', 'llm'],
} as const satisfies { readonly [Phase in PolicyPhase]: readonly PolicyVariableName[] };

/** The input of each phase, keyed by phase: `PolicyInputs['tool.before']`. */
export type PolicyInputs = {
  [Phase in PolicyPhase]: { [Name in (typeof policyPhaseVariables)[Phase][number]]: PolicyVariables[Name] };
};

/** The input of one phase (of any phase when no phase is given). */
export type PolicyInput<Phase extends PolicyPhase = PolicyPhase> = PolicyInputs[Phase];

type CelFieldType = 'string' | 'int' | 'double' | 'bool' | 'map<string, dyn>';

/** The CEL types a TypeScript field may be declared as: numbers are either int or double. */
type CelTypeOf<Value> = [Value] extends [string] ? 'string' : [Value] extends [boolean] ? 'bool' : [Value] extends [number] ? 'int' | 'double' : 'map<string, dyn>';

interface VariableDeclaration<Facts> {
  /** The CEL message type's name, as error messages show it (`no such overload: Run == int`). */
  typeName: string;
  description: string;
  /** Every field of the TypeScript interface, no more: `satisfies` below checks both ways. */
  fields: { readonly [Field in keyof Facts]-?: CelTypeOf<Facts[Field]> };
}

/**
 * The CEL side of the input: each variable is a message type with typed fields, so that
 * `run.estimatedCostUsd > "5"` (no such overload: double > string) and `run.nosuchfield`
 * (no such key) fail when the policy is saved, not when it runs. Only `run.input` and
 * `tool.arguments` are `map<string, dyn>`: their shape is the workflow's or the tool's, not ours.
 */
export const policyVariableDeclarations = {
  tenant: { typeName: 'Tenant', description: 'The tenant the action belongs to.', fields: { id: 'string' } },
  principal: {
    typeName: 'Principal',
    description: 'Who asked: kind is user, api_key or local; role is owner, admin, developer or viewer.',
    fields: { kind: 'string', id: 'string', role: 'string' },
  },
  run: {
    typeName: 'Run',
    description: 'The run (id is empty at run.create; all empty for an LLM call outside a run).',
    fields: {
      id: 'string',
      workflow: 'string',
      workflowVersion: 'int',
      projectId: 'string',
      priority: 'int',
      estimatedCostUsd: 'double',
      costUsd: 'double',
      tokens: 'int',
      dataClassification: 'string',
      region: 'string',
      input: 'map<string, dyn>',
    },
  },
  budget: {
    typeName: 'Budget',
    description: 'The tightest applicable budget.',
    fields: { hasLimit: 'bool', limitUsd: 'double', spentUsd: 'double', remainingUsd: 'double' },
  },
  step: {
    typeName: 'Step',
    description: 'The node about to execute; confidence is the latest reason-card confidence (1.0 when none).',
    fields: { node: 'string', attempt: 'int', index: 'int', confidence: 'double' },
  },
  tool: {
    typeName: 'Tool',
    description: 'The tool call about to execute.',
    fields: { name: 'string', arguments: 'map<string, dyn>', confidence: 'double' },
  },
  llm: {
    typeName: 'LlmCall',
    description: 'The LLM call about to be sent.',
    fields: {
      provider: 'string',
      model: 'string',
      agent: 'string',
      userId: 'string',
      maxOutputTokens: 'int',
      estimatedInputTokens: 'int',
      estimatedCostUsd: 'double',
      streamed: 'bool',
    },
  },
} as const satisfies { readonly [Name in PolicyVariableName]: VariableDeclaration<PolicyVariables[Name]> };

/** A class whose instances the CEL library recognises, by their constructor, as one message type. */
type FactsClass = new (values: Readonly<Record<string, unknown>>) => object;

/**
 * The library accepts a plain object for a message type only by wrapping it anew on every
 * evaluation (a `Map` subclass per variable per policy). An instance of the registered class is
 * taken as it is, so a decision builds one per variable and every policy reads the same ones.
 * CEL ints are `bigint`s at runtime; the input keeps JSON-friendly numbers and they are converted here.
 */
function createFactsClass(typeName: string, fields: Readonly<Record<string, CelFieldType>>): FactsClass {
  const fieldNames = Object.keys(fields);
  const isIntField = fieldNames.map((field) => fields[field] === 'int');
  const factsClass = class {
    constructor(values: Readonly<Record<string, unknown>>) {
      const target = this as Record<string, unknown>;
      for (let index = 0; index < fieldNames.length; index++) {
        const field = fieldNames[index] as string;
        const value = values[field];
        // A wrong type stays as it is: the policy then fails at runtime and the decision fails closed.
        target[field] = isIntField[index] && typeof value === 'number' && Number.isFinite(value) ? BigInt(Math.trunc(value)) : value;
      }
    }
  };
  Object.defineProperty(factsClass, 'name', { value: typeName });
  return factsClass;
}

const factsClasses = Object.fromEntries(
  Object.entries(policyVariableDeclarations).map(([name, declaration]) => [name, createFactsClass(declaration.typeName, declaration.fields)]),
) as Readonly<Record<PolicyVariableName, FactsClass>>;

/**
 * A CEL environment declaring the phase's variables, and no others, with typed fields. Building
 * one costs about 100 µs: create it once, outside any hot path.
 */
export function createPolicyEnvironment(phase: PolicyPhase): Environment {
  const environment = new Environment();
  for (const name of policyPhaseVariables[phase]) {
    const declaration = policyVariableDeclarations[name];
    environment.registerType(declaration.typeName, { ctor: factsClasses[name], fields: declaration.fields });
    environment.registerVariable(name, declaration.typeName, { description: declaration.description });
  }
  return environment;
}

/**
 * The values a compiled expression of `phase` is evaluated against: the input with each variable
 * converted to its CEL message class. A variable that is not an object is passed as it is, so that
 * policies naming it fail (and fail closed) instead of the conversion throwing.
 */
export function convertToPolicyActivation<Phase extends PolicyPhase>(phase: Phase, input: PolicyInputs[Phase]): Record<string, unknown> {
  const activation: Record<string, unknown> = {};
  const values = input as unknown as Readonly<Record<string, unknown>>;
  for (const name of policyPhaseVariables[phase]) {
    const value = values[name];
    activation[name] = typeof value === 'object' && value !== null ? new factsClasses[name](value as Record<string, unknown>) : value;
  }
  return activation;
}

/** Defaults for every variable: empty strings, zeros, confidence 1.0, the least-privileged role. */
export function createEmptyPolicyVariables(): PolicyVariables {
  return {
    tenant: { id: '' },
    // viewer, so that a caller who forgets the principal never passes a rule written for admins.
    principal: { kind: 'local', id: '', role: 'viewer' },
    run: {
      id: '',
      workflow: '',
      workflowVersion: 0,
      projectId: '',
      priority: 0,
      estimatedCostUsd: 0,
      costUsd: 0,
      tokens: 0,
      dataClassification: '',
      region: '',
      input: {},
    },
    budget: { hasLimit: false, limitUsd: 0, spentUsd: 0, remainingUsd: 0 },
    step: { node: '', attempt: 0, index: 0, confidence: 1 },
    tool: { name: '', arguments: {}, confidence: 1 },
    llm: { provider: '', model: '', agent: '', userId: '', maxOutputTokens: 0, estimatedInputTokens: 0, estimatedCostUsd: 0, streamed: false },
  };
}

/** What a caller knows of a phase's input: any variable, any of its fields. */
export type PolicyInputPieces<Phase extends PolicyPhase> = { [Name in keyof PolicyInputs[Phase]]?: Partial<PolicyInputs[Phase][Name]> };

/**
 * A complete input of `phase`: the given pieces over the defaults of `createEmptyPolicyVariables`
 * (a field given as `undefined` keeps its default).
 */
export function createPolicyInput<Phase extends PolicyPhase>(phase: Phase, pieces: PolicyInputPieces<Phase> = {}): PolicyInputs[Phase] {
  const defaults = createEmptyPolicyVariables() as unknown as Record<string, Record<string, unknown>>;
  const given = pieces as Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>;
  const input: Record<string, Record<string, unknown>> = {};
  for (const name of policyPhaseVariables[phase]) {
    const variable = { ...defaults[name] };
    for (const [field, value] of Object.entries(given[name] ?? {})) {
      if (value !== undefined) variable[field] = value;
    }
    input[name] = variable;
  }
  return input as unknown as PolicyInputs[Phase];
}
