import { describe, expect, it } from 'vitest';
import { answerTokens, tokenize } from '../../../evaluators/text/tokenize.js';

describe('tokenize', () => {
  it('splits Latin text on whitespace', () => {
    expect(tokenize('eiffel  tower\nparis')).toEqual(['eiffel', 'tower', 'paris']);
  });

  it('makes every Chinese character its own token', () => {
    expect(tokenize('我爱北京')).toEqual(['我', '爱', '北', '京']);
  });

  it('splits mixed Chinese and Latin text at script boundaries', () => {
    expect(tokenize('gpt4模型 good')).toEqual(['gpt4', '模', '型', 'good']);
  });

  it('handles Japanese kana (including the long-vowel mark) and Korean hangul', () => {
    expect(tokenize('コーヒー')).toEqual(['コ', 'ー', 'ヒ', 'ー']);
    expect(tokenize('ひらがな')).toHaveLength(4);
    expect(tokenize('한국어')).toEqual(['한', '국', '어']);
  });

  it('returns no tokens for empty or blank text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('   ')).toEqual([]);
  });
});

describe('answerTokens', () => {
  it('normalises before tokenising', () => {
    expect(answerTokens('The GPT-4 模型！')).toEqual(['gpt4', '模', '型']);
  });
});
