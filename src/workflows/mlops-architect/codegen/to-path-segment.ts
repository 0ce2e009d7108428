/**
 * Turns a plan's component id into a safe path segment and Terraform name: only `[a-z0-9_-]`,
 * starting with a letter or underscore (Terraform's rule for identifiers), never empty, never `.`/`..`.
 */
export function toPathSegment(id: string): string {
  const cleaned = id
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  if (cleaned === '') return 'component';
  return /^[a-z_]/.test(cleaned) ? cleaned : `component-${cleaned}`;
}
