import type { CriticFinding } from '../../../contracts/mlops-architect.js';

const severityOrder: Record<CriticFinding['severity'], number> = { blocking: 0, warning: 1, info: 2 };

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Orders findings blocking first, then by critic, code, framework, control and components, so lists are deterministic. */
export function compareFindings(left: CriticFinding, right: CriticFinding): number {
  return (
    severityOrder[left.severity] - severityOrder[right.severity] ||
    compareText(left.critic, right.critic) ||
    compareText(left.code, right.code) ||
    compareText(left.framework ?? '', right.framework ?? '') ||
    compareText(left.control ?? '', right.control ?? '') ||
    compareText(left.componentIds.join(','), right.componentIds.join(',')) ||
    compareText(left.message, right.message)
  );
}
