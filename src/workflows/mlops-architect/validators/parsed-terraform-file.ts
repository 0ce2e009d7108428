/** One `.tf` file after `@cdktf/hcl2json`: blocks become objects keyed by label, each holding a list of bodies. */
export interface ParsedTerraformFile {
  /** Path in the repository, e.g. `infra/terraform/main.tf`. */
  file: string;
  content: string;
  parsed: Record<string, unknown>;
}

/** Parsed files grouped by module folder (with a trailing `/`), the unit Terraform resolves names in. */
export type ParsedTerraformFolders = ReadonlyMap<string, readonly ParsedTerraformFile[]>;
