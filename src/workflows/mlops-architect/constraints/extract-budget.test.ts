import { describe, expect, it } from 'vitest';
import { extractBudget } from './extract-budget.js';

describe('extractBudget', () => {
  it.each([
    ['budget around $3,000 per month', 3000],
    ['Keep it under 1500 USD a month.', 1500],
    ['Cheapest option please, under $200/month.', 200],
    ['but our budget is only $500 a month', 500],
    ['$3k/month', 3000],
    ['$36,000 per year', 3000],
    ['an annual budget of $120k', 10_000],
    ['max 2500 dollars monthly', 2500],
    ['a $4,000 budget', 4000],
  ])('reads "%s" as %d USD a month', (text, monthlyUsd) => {
    const extraction = extractBudget(text);
    expect(extraction.value).toBe(monthlyUsd);
    const span = extraction.evidence.budgetMonthlyUsd?.span;
    expect(span && text.slice(span.start, span.end)).toBe(span?.text);
  });

  it('notes a yearly figure divided by twelve', () => {
    expect(extractBudget('$36,000 per year').evidence.budgetMonthlyUsd?.note).toContain('year');
  });

  it('converts euros and says so', () => {
    const extraction = extractBudget('€1,000 per month');
    expect(extraction.value).toBe(1100);
    expect(extraction.evidence.budgetMonthlyUsd?.note).toContain('EUR');
  });

  it('reads a budget without a period as monthly and asks', () => {
    const extraction = extractBudget('our budget is $5,000');
    expect(extraction.value).toBe(5000);
    expect(extraction.ambiguities[0]?.message).toContain('no period');
  });

  it('does not read prices as budgets', () => {
    expect(extractBudget('GPUs cost $2 an hour').value).toBeNull();
    expect(extractBudget('we made $3M revenue').value).toBeNull();
  });
});
