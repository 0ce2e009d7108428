import { describe, expect, it } from 'vitest';
import { extractTeamSize } from './extract-team-size.js';

describe('extractTeamSize', () => {
  it.each([
    ['we are a team of 5', 5],
    ['a two-person team', 2],
    ['3 ML engineers', 3],
    ['two data scientists', 2],
    ['I am a solo developer', 1],
  ])('reads "%s" as %d', (text, size) => {
    expect(extractTeamSize(text).value).toBe(size);
  });

  it('does not count the users of the system as the team', () => {
    expect(extractTeamSize('an assistant for 800 employees and 20 million users').value).toBeNull();
  });
});
