import { describe, expect, it } from 'vitest';
import { createWordPattern } from './create-word-pattern.js';

function matches(source: string, text: string, caseSensitive = false): string[] {
  return [...text.matchAll(createWordPattern(source, { caseSensitive }))].map((match) => match[0]);
}

describe('createWordPattern', () => {
  it('matches whole words only', () => {
    expect(matches('train(?:s|ing)?', 'training, entertaining, trains, restrain')).toEqual(['training', 'trains']);
  });

  it('treats letters of any script and digits as part of a word', () => {
    expect(matches('GPU', 'GPUé GPU2 éGPU GPU')).toEqual(['GPU']);
  });

  it('treats punctuation and hyphens as boundaries', () => {
    expect(matches('RAG', '(RAG), RAG-based, "RAG"', true)).toEqual(['RAG', 'RAG', 'RAG']);
  });

  it('ignores case unless asked not to', () => {
    expect(matches('clip', 'CLIP and clip')).toEqual(['CLIP', 'clip']);
    expect(matches('CLIP', 'CLIP and clip', true)).toEqual(['CLIP']);
  });
});
