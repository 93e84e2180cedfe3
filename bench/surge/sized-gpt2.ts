// A stand-in with gpt2's shapes for memory measurements (real weights cannot be downloaded here):
// the embedding [vocab x n_embd], per layer c_attn [e x 3e], c_proj [e x e], mlp c_fc [e x 4e] and
// c_proj [4e x e] (12 e^2 weights a layer, as in gpt2), the key/value cache of n_layer x n_head,
// and logits against the embedding (tied, as gpt2's lm_head). Without layer norms, GELU or
// attention arithmetic: what it measures is the memory of the weights and a forward pass, fp32.
// Weights are constant (their values do not change memory). The tokenizer is the tiny byte-level
// one, so scoring choices works; the logits still span the full vocabulary.
import { encodeModel, floatTensor, int64Tensor, intAttr, intsAttr, node, valueInfo } from '../../testkit/tiny-models/onnx-graph.js';
import type { ModelFiles } from '../../testkit/tiny-models/model-files.js';
import { byteLevelTokenizer } from '../../testkit/tiny-models/tokenizer-files.js';

export type SizedGpt2Spec = { nLayer: number; nEmbd: number; nHead: number; vocab: number };

export const GPT2_SHAPES: SizedGpt2Spec = { nLayer: 12, nEmbd: 768, nHead: 12, vocab: 50257 };
export const DISTILGPT2_SHAPES: SizedGpt2Spec = { nLayer: 6, nEmbd: 768, nHead: 12, vocab: 50257 };

export function sizedGpt2Parameters(spec: SizedGpt2Spec): number {
  return spec.vocab * spec.nEmbd + spec.nLayer * 12 * spec.nEmbd * spec.nEmbd;
}

export function buildSizedGpt2(spec: SizedGpt2Spec): ModelFiles {
  const { nLayer, nEmbd: e, nHead, vocab } = spec;
  const headDim = e / nHead;
  const constant = (count: number) => new Float32Array(count).fill(0.001);
  const inputs = [
    valueInfo('input_ids', 'int64', ['batch_size', 'sequence_length']),
    valueInfo('attention_mask', 'int64', ['batch_size', 'past_sequence_length + sequence_length']),
  ];
  const outputs = [valueInfo('logits', 'float', ['batch_size', 'sequence_length', vocab])];
  const initializers = [
    floatTensor('wte', [vocab, e], constant(vocab * e)),
    int64Tensor('heads_shape', [4], [0, 0, nHead, headDim]),
    int64Tensor('flat_shape', [2], [-1, e]),
    int64Tensor('vocab_dim', [1], [vocab]),
    int64Tensor('axis_last', [1], [-1]),
    ...[0, 1, 2, 3].map((i) => int64Tensor(`at_${i}`, [1], [i * e])),
  ];
  const nodes = [node('Gather', ['wte', 'input_ids'], ['h_0'], [intAttr('axis', 0)])];
  const cacheDims = ['batch_size', nHead, 'past_sequence_length', headDim];
  const presentDims = ['batch_size', nHead, 'past_sequence_length + sequence_length', headDim];
  for (let layer = 0; layer < nLayer; layer++) {
    const w = (name: string, rows: number, cols: number) => {
      initializers.push(floatTensor(`h.${layer}.${name}`, [rows, cols], constant(rows * cols)));
      return `h.${layer}.${name}`;
    };
    const h = `h_${layer}`;
    const qkv = `${h}.qkv`;
    nodes.push(node('MatMul', [h, w('c_attn', e, 3 * e)], [qkv]));
    const slice = (part: string, from: number) => {
      nodes.push(node('Slice', [qkv, `at_${from}`, `at_${from + 1}`, 'axis_last'], [`${h}.${part}`]));
      return `${h}.${part}`;
    };
    const query = slice('q', 0);
    for (const [kind, from] of [
      ['key', 1],
      ['value', 2],
    ] as const) {
      const part = slice(kind, from);
      inputs.push(valueInfo(`past_key_values.${layer}.${kind}`, 'float', cacheDims));
      outputs.push(valueInfo(`present.${layer}.${kind}`, 'float', presentDims));
      nodes.push(
        node('Reshape', [part, 'heads_shape'], [`${part}.heads`]),
        node('Transpose', [`${part}.heads`], [`${part}.new`], [intsAttr('perm', [0, 2, 1, 3])]),
        node('Concat', [`past_key_values.${layer}.${kind}`, `${part}.new`], [`present.${layer}.${kind}`], [intAttr('axis', 2)]),
      );
    }
    nodes.push(
      node('MatMul', [query, w('attn_proj', e, e)], [`${h}.attn`]),
      node('Add', [h, `${h}.attn`], [`${h}.mid`]),
      node('MatMul', [`${h}.mid`, w('c_fc', e, 4 * e)], [`${h}.fc`]),
      node('MatMul', [`${h}.fc`, w('mlp_proj', 4 * e, e)], [`${h}.mlp`]),
      node('Add', [`${h}.mid`, `${h}.mlp`], [`h_${layer + 1}`]),
    );
  }
  // Logits against the tied embedding: Gemm with transB reads wte as it is (no transposed copy).
  nodes.push(
    node('Reshape', [`h_${nLayer}`, 'flat_shape'], ['h_flat']),
    node('Gemm', ['h_flat', 'wte'], ['logits_flat'], [intAttr('transB', 1)]),
    node('Shape', ['input_ids'], ['ids_shape']),
    node('Concat', ['ids_shape', 'vocab_dim'], ['logits_shape'], [intAttr('axis', 0)]),
    node('Reshape', ['logits_flat', 'logits_shape'], ['logits']),
  );
  const onnx = encodeModel({ name: 'sized_gpt2', inputs, outputs, nodes, initializers });
  const { tokenizerJson, tokenizerConfig } = byteLevelTokenizer({ modelMaxLength: 1024 });
  return {
    'config.json': {
      model_type: 'gpt2',
      architectures: ['GPT2LMHeadModel'],
      vocab_size: vocab,
      n_embd: e,
      n_head: nHead,
      n_layer: nLayer,
      n_positions: 1024,
      n_ctx: 1024,
      bos_token_id: 256,
      eos_token_id: 256,
    },
    'tokenizer.json': tokenizerJson,
    'tokenizer_config.json': tokenizerConfig,
    'onnx/decoder_model_merged_quantized.onnx': onnx,
  };
}
