// Is an OpenAI-compatible upstream there at all? `GET {baseURL}/models` with a short timeout: free
// on every OpenAI-compatible server (OpenAI, vLLM, Ollama, TGI), never a paid call. Run at start
// and again while a provider is unreachable, so a model whose upstream comes back is offered again
// without anyone having to call it (students cannot pick a greyed model to trigger a trial).
import type { ModelHealth } from '../health/model-health.js';
import type { ModelsConfig, OpenAIProviderConfig } from '../models-config.js';
import type { Fetch } from './client.js';

export type ProbeOptions = {
  modelsConfig: ModelsConfig;
  env: Readonly<Record<string, string | undefined>>;
  health: ModelHealth;
  /** Per provider; an upstream slower than this to accept a connection is treated as unreachable. */
  timeoutMs?: number;
  fetch?: Fetch;
  /** Only providers with a model in this state (the periodic re-probe passes 'unreachable'). */
  onlyState?: 'unreachable';
};

export async function probeOpenAIProviders(options: ProbeOptions): Promise<void> {
  const fetcher = options.fetch ?? fetch;
  const providers = Object.values(options.modelsConfig.providers).filter((p): p is OpenAIProviderConfig => p.type === 'openai');
  await Promise.all(
    providers.map(async (provider) => {
      // Models without their key are already known to be unusable; their state says why.
      const ids = options.modelsConfig.models
        .filter((m) => m.provider === provider.name)
        .map((m) => m.id)
        .filter((id) => options.health.get(id).state !== 'missing-key' && (!options.onlyState || options.health.get(id).state === options.onlyState));
      if (!ids.length) return;
      const key = provider.apiKeyEnv ? options.env[provider.apiKeyEnv]?.trim() : undefined;
      const url = `${provider.baseURL.replace(/\/+$/, '')}/models`;
      let status: number;
      try {
        const response = await fetcher(url, {
          headers: key ? { authorization: `Bearer ${key}` } : {},
          signal: AbortSignal.timeout(options.timeoutMs ?? 3_000),
        });
        status = response.status;
        await response.body?.cancel();
      } catch (error) {
        const reason = error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
        for (const id of ids)
          options.health.set(
            id,
            'unreachable',
            `provider ${provider.name} at ${provider.baseURL} cannot be reached: ${reason}; check its baseURL in models.yaml and that the server is up`,
          );
        return;
      }
      // Any answer means something listens there. 2xx: reachable and the key is accepted; another
      // status (a 401, a server without /models) leaves the verdict to the first real call.
      for (const id of ids) {
        if (status >= 200 && status < 300) options.health.set(id, 'ready');
        else if (options.health.get(id).state === 'unreachable') options.health.set(id, 'unknown', `GET ${url} answered ${status}`);
      }
    }),
  );
}
