import { describe, expect, it } from 'vitest';
import { findReviewRequest } from './find-review-request.js';

describe('findReviewRequest', () => {
  it.each([
    ['We want to review the design before any code is written.', 'review the design'],
    ['Security sign-off is mandatory.', 'Security sign-off'],
    ['This needs a human review of the architecture.', 'human review'],
  ])('finds a request for review in %j', (text, span) => {
    expect(findReviewRequest(text)).toBe(span);
  });

  it.each(['Real-time fraud detection, PCI DSS, 10k rps.', 'No human review needed, ship it.', 'Code review happens in CI.'])('finds none in %j', (text) => {
    expect(findReviewRequest(text)).toBeNull();
  });
});
