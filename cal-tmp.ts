import { makeSlowModelsDir, slowModelsYaml } from './test/support/slow-models.ts';
import { createInferencePool } from './server/models/inference-pool/inference-pool.ts';
import { parseModelsConfig } from './server/models/models-config.ts';
import { poolSettings, providerFactories } from './server/models/provider-factories.ts';
import { createModelRegistry } from './server/models/registry.ts';
const m = await makeSlowModelsDir(Number(process.argv[2]), Number(process.argv[3]));
for (const size of [1, 2]) {
const pool = createInferencePool({ size, settings: poolSettings({ modelsDir: m.dir, offline: true }) });
const reg = createModelRegistry({ config: parseModelsConfig(slowModelsYaml(), 'x'), env: {}, factories: providerFactories({ timeoutMs: 1000, modelsDir: m.dir, offline: true }, pool) });
const s = reg.get('slow') as any; await s.ready();
const req = (i: number) => ({ prompt: { style: 'completion', text: `Continue the sequence ${i}.\nabc` }, temperature: 0, topP: 1, maxTokens: 1, stop: [] });
await Promise.all(Array.from({length: 4}, (_, i) => s.generate(req(i))));
for (let i = 0; i < 3; i++) { const t = performance.now(); await s.generate(req(i)); console.log('1 token', Math.round(performance.now() - t)); }
const t = performance.now(); await Promise.all(Array.from({length: 40}, (_, i) => s.generate(req(i)))); console.log(`pool ${size}: 40 calls`, Math.round(performance.now() - t));
await pool.close();
}
await m.remove();
