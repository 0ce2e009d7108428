import type { ArchitecturePlan } from '../../../contracts/mlops-architect.js';
import type { ComponentModuleInput } from './load-component-module-inputs.js';

/** One argument of a root `module` block, with its name padded so the `=` line up as `terraform fmt` writes them. */
export interface ModuleArgument {
  name: string;
  padded: string;
  value: string;
}

/** An input the module receives: from another module's output or from a root variable. */
export interface WiredInput {
  name: string;
  type: string;
  description: string;
  value: string;
}

/** How one component's module is called from the root module. */
export interface WiredModule {
  inputs: WiredInput[];
  /** Every input the module's templates may ask about, true when the module receives it. */
  has: Record<string, boolean>;
  arguments: ModuleArgument[];
}

/** A root variable the person sets because no planned component provides the value. */
export interface RootVariable {
  name: string;
  type: string;
  description: string;
}

// Every module gets the naming and tagging inputs; GCP modules also the project and region, Azure
// modules the resource group the root module creates (templates/cloud/azure/resource-group.tf.tmpl).
const sharedArguments: Record<ArchitecturePlan['cloud'], readonly (readonly [string, string])[]> = {
  aws: [],
  gcp: [
    ['project_id', 'var.project_id'],
    ['region', 'var.region'],
  ],
  azure: [
    ['resource_group_name', 'azurerm_resource_group.main.name'],
    ['location', 'azurerm_resource_group.main.location'],
  ],
};

/**
 * Connects the planned components' modules: each input takes the output of the first planned
 * component it can come from, else becomes a root variable (`ask`) or is left out (`omit`).
 */
export function wireComponentModules(
  cloud: ArchitecturePlan['cloud'],
  components: readonly { id: string; slug: string }[],
  inputsByComponent: readonly (readonly ComponentModuleInput[])[],
): { modules: WiredModule[]; rootVariables: RootVariable[] } {
  const rootVariables = new Map<string, RootVariable>();
  const modules = components.map((component, index) => {
    const inputs: WiredInput[] = [];
    const has: Record<string, boolean> = {};
    for (const input of inputsByComponent[index] ?? []) {
      const provider = input.from.map((id) => components.find((candidate) => candidate.id === id && candidate !== component)).find((candidate) => candidate !== undefined);
      has[input.name] = provider !== undefined || input.whenAbsent === 'ask';
      if (provider !== undefined) {
        inputs.push({ ...pickDeclaration(input), value: `module.${provider.slug}.${input.output}` });
      } else if (input.whenAbsent === 'ask') {
        addRootVariable(rootVariables, input);
        inputs.push({ ...pickDeclaration(input), value: `var.${input.name}` });
      }
    }
    const pairs: (readonly [string, string])[] = [['source', `"./modules/${component.slug}"`], ['name_prefix', 'local.name_prefix'], ['tags', 'local.tags'], ...sharedArguments[cloud], ...inputs.map((input) => [input.name, input.value] as const)];
    const width = Math.max(...pairs.map(([name]) => name.length));
    return { inputs, has, arguments: pairs.map(([name, value]) => ({ name, padded: name.padEnd(width), value })) };
  });
  return { modules, rootVariables: [...rootVariables.values()].sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0)) };
}

function pickDeclaration(input: ComponentModuleInput) {
  return { name: input.name, type: input.type, description: input.description };
}

// Two modules asking for the same value share one root variable, so its name must mean one thing.
function addRootVariable(rootVariables: Map<string, RootVariable>, input: ComponentModuleInput): void {
  const missing = input.from.length > 0 ? ` No ${input.from.join(' or ')} component is planned: give an existing one.` : '';
  const variable = { name: input.name, type: input.type, description: `${input.description}${missing}` };
  const existing = rootVariables.get(input.name);
  if (existing !== undefined && existing.type !== variable.type) throw new Error(`Root variable ${input.name} is asked for as ${existing.type} and as ${variable.type}`);
  if (existing === undefined) rootVariables.set(input.name, variable);
}
