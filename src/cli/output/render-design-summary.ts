import path from 'node:path';
import type { DesignResult } from './design-result.js';
import { formatConfidence } from './format-confidence.js';
import { formatDuration } from './design-progress.js';
import { colours as pc } from './terminal-colours.js';

const money = (usd: number) => `$${Math.round(usd).toLocaleString('en-US')}`;

/** A path as the person would type it from here: relative when inside the working directory. */
const shown = (file: string) => {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? `./${relative}` : file;
};

/** The text summary `agentbus design` prints on stdout when it ends (progress went to stderr). */
export function renderDesignSummary(result: DesignResult): string {
  const lines: string[] = [];
  const plan = result.plan;
  if (result.outcome === 'designed' && plan) {
    const confidence = result.confidence === null ? '' : `, confidence ${formatConfidence(result.confidence, pc)}`;
    lines.push(`${pc.green('✓')} ${pc.bold(`${plan.patternName} on ${plan.cloud.toUpperCase()} ${plan.region}`)}: ${plan.components.length} components, about ${money(plan.estimatedMonthlyCostUsd)}/month${confidence}`);
  } else if (result.outcome === 'rejected') {
    lines.push(`${pc.yellow('✗')} ${pc.bold('rejected at a gate')}: nothing was generated`);
  } else {
    lines.push(`${pc.red('✗')} ${pc.bold(`the design run ${result.status}`)}${result.error ? `: ${result.error.code}: ${result.error.message}` : ''}`);
  }
  if (plan) lines.push(`  components  ${plan.components.map((component) => component.id).join(', ')}`);
  const open = result.findings.filter((finding) => finding.severity !== 'info');
  if (open.length > 0) lines.push(`  findings    ${open.map((finding) => `${finding.severity === 'blocking' ? pc.red(finding.code) : pc.yellow(finding.code)}`).join(', ')}`);
  if (result.outputDir) {
    const validation = result.validation ? (result.validation.ok ? pc.green('validation ok') : pc.red(`validation: ${result.validation.problems} problem(s)`)) : '';
    lines.push(`  files       ${shown(result.outputDir)} (${result.files} files${validation ? `, ${validation}` : ''})`);
  }
  if (result.artifact) lines.push(`  zip         ${shown(result.artifact)}`);
  const diff = result.diff;
  if (diff) {
    const components = [...diff.componentsAdded.map((id) => `+${id}`), ...diff.componentsRemoved.map((id) => `-${id}`)].join(' ');
    const cost = diff.monthlyCostDeltaUsd === 0 ? '' : `, ${diff.monthlyCostDeltaUsd > 0 ? '+' : '-'}${money(Math.abs(diff.monthlyCostDeltaUsd))}/month`;
    lines.push(`  changes     since run ${diff.previousRunId}: ${diff.filesAdded.length} added, ${diff.filesChanged.length} changed, ${diff.filesRemoved.length} removed${components ? `; components ${components}` : ''}${cost}`);
  }
  if (result.outputDir && result.outcome === 'designed') lines.push(`  next        ${pc.cyan(`cd ${shown(result.outputDir)} && less README.md`)}`);
  lines.push(pc.dim(`  run ${result.runId}, ${formatDuration(result.durationMs)}`));
  return lines.join('\n');
}
