import { describe, expect, it } from 'vitest';
import { parseAnswer } from './parse-answer.js';

const workloads = { id: 'workloads', text: 'What should the system do?', default: ['online_inference'], choices: ['online_inference', 'batch_inference', 'training'] };
const cloud = { id: 'cloud', text: 'Which cloud?', default: 'aws', choices: ['aws', 'gcp', 'azure'] };
const budget = { id: 'budget_monthly_usd', text: 'Budget?', default: 1000 };
const autoscaling = { id: 'autoscaling', text: 'Autoscale?', default: true, choices: [true, false] };

describe('parseAnswer', () => {
  it('keeps the default for an empty answer', () => {
    expect(parseAnswer(cloud, '  ')).toEqual({ kind: 'default' });
  });

  it('reads a list question as comma-separated choices, loosely spelled', () => {
    expect(parseAnswer(workloads, 'batch-inference, Training')).toEqual({ kind: 'value', value: ['batch_inference', 'training'] });
    expect(parseAnswer(workloads, 'none')).toEqual({ kind: 'value', value: [] });
    expect(parseAnswer(workloads, 'batch_inference, teleport')).toMatchObject({ kind: 'invalid', problem: expect.stringContaining('teleport') });
  });

  it('reads one choice, a number and a yes/no', () => {
    expect(parseAnswer(cloud, 'GCP')).toEqual({ kind: 'value', value: 'gcp' });
    expect(parseAnswer(cloud, 'oracle')).toMatchObject({ kind: 'invalid' });
    expect(parseAnswer(budget, '$12,000')).toEqual({ kind: 'value', value: 12000 });
    expect(parseAnswer(budget, 'lots')).toMatchObject({ kind: 'invalid' });
    expect(parseAnswer(autoscaling, 'n')).toEqual({ kind: 'value', value: false });
  });
});
