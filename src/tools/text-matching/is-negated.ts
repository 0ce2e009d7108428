/**
 * A negating word, then at most two words, then the term: "no GPU", "without a GPU", "not subject to GDPR",
 * "don't need autoscaling", German "keine GPU", "ohne Autoscaling". Run on a short slice only.
 */
const negationBeforeTerm =
  /(?:^|[^\p{L}'’])(?:no|not|non|without|avoid|avoiding|never|(?:do|does|did|is|are|need|must|won|will)n['’]t(?:\s+(?:need|require|use|have|be))?|kein\p{L}*|ohne|sans|sin)[\s-]+(?:[\p{L}\p{N}-]+\s+){0,2}$/iu;

/** Characters that start a new clause, which a negation does not cross. */
const clauseBreak = /[,;:.!?\n(]/u;

/** Whether the term starting at `start` is negated by a word shortly before it in the same clause. */
export function isNegated(text: string, start: number): boolean {
  let before = text.slice(Math.max(0, start - 40), start);
  for (let index = before.length - 1; index >= 0; index -= 1) {
    if (clauseBreak.test(before[index] ?? '')) {
      before = before.slice(index + 1);
      break;
    }
  }
  return negationBeforeTerm.test(before);
}
