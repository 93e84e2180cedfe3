// The progress display of `models pull`, fed the library's progress_callback events: a redrawn bar
// on a terminal, one line per finished file otherwise (logs, CI).
import { describe, expect, it } from 'vitest';
import { progressPrinter } from '../../server/cli/commands/models-pull.js';

const file = (status: 'initiate' | 'download' | 'done', name: string) => ({ status, name: 'Xenova/gpt2', file: name });
const progress = (name: string, loaded: number, total: number) => ({
  status: 'progress' as const,
  name: 'Xenova/gpt2',
  file: name,
  progress: (100 * loaded) / total,
  loaded,
  total,
});

describe('models pull progress', () => {
  it('redraws one bar over all files on a terminal, at most ten times a second', () => {
    const written: string[] = [];
    let clock = 1000;
    const print = progressPrinter(
      'gpt2 (Xenova/gpt2)',
      true,
      (text) => written.push(text),
      () => clock,
    );
    print(file('initiate', 'config.json'));
    print(progress('config.json', 1024, 1024));
    clock += 50;
    print(progress('onnx/decoder_model_merged_quantized.onnx', 10 * 1024 * 1024, 40 * 1024 * 1024)); // too soon: skipped
    clock += 100;
    print(progress('onnx/decoder_model_merged_quantized.onnx', 20 * 1024 * 1024, 40 * 1024 * 1024));
    print(file('done', 'onnx/decoder_model_merged_quantized.onnx'));
    expect(written).toEqual([
      '\rgpt2 (Xenova/gpt2) [##############################] 100% 1.0 KB / 1.0 KB  config.json\u001b[K',
      '\rgpt2 (Xenova/gpt2) [###############...............]  50% 20.0 MB / 40.0 MB  onnx/decoder_model_merged_quantized.onnx\u001b[K',
    ]);
  });

  it('prints a line per finished file when stderr is not a terminal', () => {
    const written: string[] = [];
    const print = progressPrinter('gpt2 (Xenova/gpt2)', false, (text) => written.push(text));
    print(file('initiate', 'tokenizer.json'));
    print(progress('tokenizer.json', 1_000, 2_000));
    print(progress('tokenizer.json', 2_000, 2_000));
    print(file('done', 'tokenizer.json'));
    print(file('done', 'generation_config.json'));
    expect(written).toEqual(['  gpt2 (Xenova/gpt2) tokenizer.json 2.0 KB\n', '  gpt2 (Xenova/gpt2) generation_config.json\n']);
  });
});
