import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const terraformName = /^[a-z][a-z0-9_]*$/;

/** One input of a component's Terraform module that another component's module (or the person) provides. */
const componentModuleInputSchema = z
  .strictObject({
    name: z.string().regex(terraformName),
    description: z.string().min(1),
    /** The Terraform type expression, e.g. `string` or `list(string)`. */
    type: z.string().min(1),
    /** Catalogue components whose module outputs the value, in order of preference; empty for a value only the person knows. */
    from: z.array(z.string().regex(terraformName)).default([]),
    output: z.string().regex(terraformName).optional(),
    /**
     * What happens when no `from` component is planned: `omit` leaves the input out (the module's
     * templates branch on `component.has.<name>`); `ask` makes it a root variable without a default.
     */
    whenAbsent: z.enum(['omit', 'ask']),
  })
  .refine((input) => (input.from.length === 0) === (input.output === undefined), { message: '`output` names the output of the `from` modules: give both or neither' })
  .refine((input) => input.from.length > 0 || input.whenAbsent === 'ask', { message: 'an input no module provides must be asked for' });

export type ComponentModuleInput = z.infer<typeof componentModuleInputSchema>;

const inputsFileSchema = z.strictObject({ inputs: z.array(componentModuleInputSchema) });

/** Reads a component template folder's `inputs.json` (no file: no inputs), validated so a typo fails the render. */
export function loadComponentModuleInputs(componentFolder: string): ComponentModuleInput[] {
  const file = path.join(componentFolder, 'inputs.json');
  if (!existsSync(file)) return [];
  const parsed = inputsFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data.inputs;
}
