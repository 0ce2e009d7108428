import { createWordPattern, matchWords } from '../../../tools/text-matching/create-word-pattern.js';
import { isNegated } from '../../../tools/text-matching/is-negated.js';

/**
 * "I want to review the design before…", "needs sign-off", "human approval of the architecture":
 * the request asks a person to approve the design before code is generated.
 */
const reviewRequest = createWordPattern(
  String.raw`(?:review|approve|sign[- ]off on|check) (?:the |your |this )?(?:design|architecture|plan|proposal)|(?:human|manual|architect|security|architecture) (?:review|approval|sign[- ]off)|(?:needs?|requires?|wants?) (?:a )?(?:review|sign[- ]off|approval)`,
);

/** The text span asking for a review, or null when the request does not ask for one. */
export function findReviewRequest(text: string): string | null {
  for (const match of matchWords(reviewRequest, text)) {
    if (!isNegated(text, match.index)) return match[0];
  }
  return null;
}
