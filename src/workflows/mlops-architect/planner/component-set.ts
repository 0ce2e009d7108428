/**
 * The components a plan is being assembled from, each with the reasons it is there. Excluded ids
 * (removed after a critic's finding) are never added, whatever later asks for them.
 */
export class ComponentSet {
  private readonly reasonsById = new Map<string, string[]>();

  constructor(private readonly excluded: ReadonlySet<string> = new Set()) {}

  /** Adds the component (if not excluded) with a reason; returns whether it is in the set afterwards. */
  add(id: string, reason: string): boolean {
    if (this.excluded.has(id)) return false;
    const reasons = this.reasonsById.get(id);
    if (reasons === undefined) this.reasonsById.set(id, [reason]);
    else if (!reasons.includes(reason)) reasons.push(reason);
    return true;
  }

  /** Adds a reason to a component already in the set; does nothing otherwise. */
  explain(id: string, reason: string): void {
    const reasons = this.reasonsById.get(id);
    if (reasons !== undefined && !reasons.includes(reason)) reasons.push(reason);
  }

  remove(id: string): void {
    this.reasonsById.delete(id);
  }

  has(id: string): boolean {
    return this.reasonsById.has(id);
  }

  /** Component ids, sorted so plans are deterministic. */
  ids(): string[] {
    return [...this.reasonsById.keys()].sort();
  }

  reasonsOf(id: string): readonly string[] {
    return this.reasonsById.get(id) ?? [];
  }
}
