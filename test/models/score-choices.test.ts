// The pure parts of choice scoring and tokenizer selection, where edge cases are cheap to pin down.
import { describe, expect, it } from 'vitest';
import { CHOICE_LOGPROB_FLOOR, encodingForModel, firstTokenScore, sumContinuationLogprobs } from '../../server/models/openai/index.js';

describe('sumContinuationLogprobs', () => {
  const logprobs = {
    tokens: ['Q', ':', ' yes', ' sir'],
    token_logprobs: [null, -1, -2, -3],
    text_offset: [0, 1, 2, 6],
  };
  it('adds the tokens after the prompt', () => {
    expect(sumContinuationLogprobs(logprobs, 2)).toEqual({ sum: -5, tokens: 2 });
    expect(sumContinuationLogprobs(logprobs, 6)).toEqual({ sum: -3, tokens: 1 });
    expect(sumContinuationLogprobs(logprobs, 10)).toEqual({ sum: 0, tokens: 0 });
  });
  it('counts a token that straddles the prompt end', () => {
    expect(sumContinuationLogprobs(logprobs, 3)).toEqual({ sum: -5, tokens: 2 });
  });
  it('falls back to token lengths without text_offset', () => {
    expect(sumContinuationLogprobs({ ...logprobs, text_offset: null }, 2)).toEqual({ sum: -5, tokens: 2 });
  });
});

describe('firstTokenScore', () => {
  const top = [
    { token: 'Yes', logprob: -0.2 },
    { token: ' yes', logprob: -2 },
    { token: 'Y', logprob: -3 },
    { token: 'No', logprob: -4 },
  ];
  it('adds up case and space variants of the longest matching token', () => {
    expect(firstTokenScore(top, 'yes')).toBeCloseTo(Math.log(Math.exp(-0.2) + Math.exp(-2)), 12);
    expect(firstTokenScore(top, ' YES ')).toBeCloseTo(Math.log(Math.exp(-0.2) + Math.exp(-2)), 12);
  });
  it('matches a token that is only the start of the choice', () => {
    expect(firstTokenScore(top, 'Nope')).toBe(-4);
  });
  it('floors choices with no matching token', () => {
    expect(firstTokenScore(top, 'maybe')).toBe(CHOICE_LOGPROB_FLOOR);
    expect(firstTokenScore(top, '   ')).toBe(CHOICE_LOGPROB_FLOOR);
    expect(CHOICE_LOGPROB_FLOOR).toBe(-100);
  });
});

describe('encodingForModel', () => {
  it('maps OpenAI model families to their encodings', () => {
    expect(encodingForModel('gpt-4o-mini')).toEqual({ encoding: 'o200k_base', estimate: false });
    expect(encodingForModel('gpt-4.1-mini')).toEqual({ encoding: 'o200k_base', estimate: false });
    expect(encodingForModel('o3-mini')).toEqual({ encoding: 'o200k_base', estimate: false });
    expect(encodingForModel('gpt-5')).toEqual({ encoding: 'o200k_base', estimate: false });
    expect(encodingForModel('gpt-4-turbo')).toEqual({ encoding: 'cl100k_base', estimate: false });
    expect(encodingForModel('gpt-3.5-turbo-instruct')).toEqual({ encoding: 'cl100k_base', estimate: false });
    expect(encodingForModel('davinci-002')).toEqual({ encoding: 'cl100k_base', estimate: false });
    expect(encodingForModel('babbage-002')).toEqual({ encoding: 'cl100k_base', estimate: false });
    expect(encodingForModel('text-davinci-003')).toEqual({ encoding: 'p50k_base', estimate: false });
    expect(encodingForModel('gpt2')).toEqual({ encoding: 'r50k_base', estimate: false });
    expect(encodingForModel('davinci')).toEqual({ encoding: 'r50k_base', estimate: false });
  });
  it('estimates with o200k_base for names it does not know', () => {
    expect(encodingForModel('Qwen/Qwen2.5-0.5B-Instruct')).toEqual({ encoding: 'o200k_base', estimate: true });
  });
});
