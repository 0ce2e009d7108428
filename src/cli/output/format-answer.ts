/** An answer or default as a person would type it: lists comma-separated, an empty list as `none`. */
export function formatAnswer(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(String).join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}
