import { describe, expect, it } from 'vitest';
import { extractAutoscaling } from './extract-autoscaling.js';

describe('extractAutoscaling', () => {
  it.each(['auto-scaling for 10,000 requests/second', 'it should autoscale', 'Auto scaling groups', 'scale to zero at night', 'scales with traffic'])('reads "%s" as required', (text) => {
    expect(extractAutoscaling(text)).toMatchObject({ value: true, evidence: { autoscaling: { source: 'stated' } } });
  });

  it('reads spiky traffic as an implied need, less surely', () => {
    const implied = extractAutoscaling('we see traffic spikes on Mondays');
    expect(implied).toMatchObject({ value: true, evidence: { autoscaling: { source: 'implied' } } });
    expect(implied.evidence.autoscaling?.confidence ?? 1).toBeLessThan(extractAutoscaling('auto-scaling').evidence.autoscaling?.confidence ?? 0);
  });

  it('reads a refusal or fixed capacity as false', () => {
    expect(extractAutoscaling('no autoscaling, please').value).toBe(false);
    expect(extractAutoscaling('a fixed number of instances').value).toBe(false);
  });

  it('is null when the request does not say', () => {
    expect(extractAutoscaling('a churn model').value).toBeNull();
  });

  it('asks when the request says both', () => {
    expect(extractAutoscaling('auto-scaling on a fixed capacity').ambiguities[0]?.field).toBe('autoscaling');
  });
});
