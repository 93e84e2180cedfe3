// Model, prompt style, decoding settings and how the answer is read from the output.
import type { ModelInfo } from '../../../server/core/model.js';
import type { TextProgram } from '../../../server/core/prompt-program.js';
import { useI18n } from '../i18n/i18n.js';
import { escapeVisible, unescapeVisible } from '../lib/escape-text.js';
import { ModelOption, UnavailableModelNote } from '../components/model-option.js';
import { ExtractField } from './extract-field.js';

type Props = { program: TextProgram; onChange: (program: TextProgram) => void; models: ModelInfo[]; labels: string[] | undefined; maxOutputTokens: number };

export function ModelPicker({ program, onChange, models }: Pick<Props, 'program' | 'onChange' | 'models'>) {
  const { t } = useI18n();
  const selected = models.find((m) => m.id === program.model);
  return (
    <div className="field">
      <label htmlFor="model">{t('program.model')}</label>
      <select
        id="model"
        value={program.model}
        onChange={(event) => {
          const model = models.find((m) => m.id === event.target.value);
          // A chat model expects chat messages, a base model one text: follow the model's style.
          onChange({ ...program, model: event.target.value, style: model?.style ?? program.style });
        }}
      >
        {models.map((model) => (
          <ModelOption
            key={model.id}
            model={model}
            suffix={model.style ? ` · ${model.style === 'chat' ? t('program.styleChat') : t('program.styleCompletion')}` : ''}
          />
        ))}
      </select>
      <UnavailableModelNote model={selected} />
      {selected?.description ? <p className="help">{selected.description}</p> : null}
    </div>
  );
}

export function ProgramSettings({ program, onChange, labels, maxOutputTokens }: Omit<Props, 'models'>) {
  const { t } = useI18n();
  const decoding = program.decoding;
  const setDecoding = (patch: Partial<TextProgram['decoding']>) => onChange({ ...program, decoding: { ...decoding, ...patch } });
  const answer = program.answer;
  const setAnswer = (patch: Partial<TextProgram['answer']>) => onChange({ ...program, answer: { ...answer, ...patch } });
  const stops = decoding.stop.length ? decoding.stop : [];
  return (
    <>
      <fieldset>
        <legend>{t('program.style')}</legend>
        <div className="radio-row">
          {(['completion', 'chat'] as const).map((style) => (
            <label key={style} className="radio">
              <input type="radio" name="style" value={style} checked={program.style === style} onChange={() => onChange({ ...program, style })} />
              {style === 'chat' ? t('program.styleChat') : t('program.styleCompletion')}
            </label>
          ))}
        </div>
        {program.style === 'chat' ? (
          <div className="radio-row">
            <span className="muted small">{t('program.examplesAs')}</span>
            {(['turns', 'inline'] as const).map((as) => (
              <label key={as} className="radio">
                <input
                  type="radio"
                  name="examples-as"
                  value={as}
                  checked={program.examplesAs === as}
                  onChange={() => onChange({ ...program, examplesAs: as })}
                />
                {as === 'turns' ? t('program.examplesAsTurns') : t('program.examplesAsInline')}
              </label>
            ))}
          </div>
        ) : null}
      </fieldset>
      <fieldset>
        <legend>{t('decoding.title')}</legend>
        <div className="inline-fields">
          <div className="field narrow">
            <label htmlFor="temperature">{t('decoding.temperature')}</label>
            <input
              id="temperature"
              type="number"
              min={0}
              max={2}
              step={0.1}
              value={decoding.temperature}
              onChange={(event) => setDecoding({ temperature: Math.min(2, Math.max(0, Number(event.target.value) || 0)) })}
            />
          </div>
          <div className="field narrow">
            <label htmlFor="top-p">{t('decoding.topP')}</label>
            <input
              id="top-p"
              type="number"
              min={0.01}
              max={1}
              step={0.05}
              value={decoding.topP}
              onChange={(event) => setDecoding({ topP: Math.min(1, Math.max(0.01, Number(event.target.value) || 1)) })}
            />
          </div>
          <div className="field narrow">
            <label htmlFor="max-tokens">{t('decoding.maxTokens')}</label>
            <input
              id="max-tokens"
              type="number"
              min={1}
              max={maxOutputTokens}
              value={decoding.maxTokens ?? maxOutputTokens}
              onChange={(event) => setDecoding({ maxTokens: Math.min(maxOutputTokens, Math.max(1, Math.trunc(Number(event.target.value) || 1))) })}
            />
          </div>
        </div>
        <div className="field">
          <span className="label" id="stop-label">
            {t('decoding.stop')}
          </span>
          <div className="stop-list" role="group" aria-labelledby="stop-label">
            {stops.map((stop, index) => (
              <span key={index} className="stop-item">
                <input
                  className="mono"
                  aria-label={t('decoding.stopNumber', { number: index + 1 })}
                  value={escapeVisible(stop)}
                  onChange={(event) => setDecoding({ stop: stops.map((s, i) => (i === index ? unescapeVisible(event.target.value) : s)) })}
                />
                <button
                  type="button"
                  className="icon-button danger"
                  aria-label={t('decoding.removeStop', { number: index + 1 })}
                  onClick={() => setDecoding({ stop: stops.filter((_, i) => i !== index) })}
                >
                  ✕
                </button>
              </span>
            ))}
            {stops.length < 4 ? (
              <button type="button" className="button small secondary" onClick={() => setDecoding({ stop: [...stops, '\n'] })}>
                {t('decoding.addStop')}
              </button>
            ) : null}
          </div>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('answer.title')}</legend>
        <div className="radio-row">
          {(['generate', 'score-choices'] as const).map((mode) => (
            <label key={mode} className="radio">
              <input
                type="radio"
                name="answer-mode"
                value={mode}
                checked={answer.mode === mode}
                disabled={mode === 'score-choices' && !labels}
                onChange={() => setAnswer({ mode })}
              />
              {mode === 'generate' ? t('answer.generate') : t('answer.scoreChoices')}
            </label>
          ))}
        </div>
        <ExtractField value={answer.extract ?? ''} onChange={(extract) => setAnswer({ extract })} />
        {labels ? <Verbalizer labels={labels} value={answer.labels ?? {}} onChange={(next) => setAnswer({ labels: next })} /> : null}
      </fieldset>
    </>
  );
}

function Verbalizer({ labels, value, onChange }: { labels: string[]; value: Record<string, string[]>; onChange: (value: Record<string, string[]>) => void }) {
  const { t } = useI18n();
  return (
    <div className="verbalizer">
      <p className="label">{t('answer.verbalizer')}</p>
      <p className="help">{t('answer.verbalizerHelp')}</p>
      {labels.map((label) => (
        <div key={label} className="field inline">
          <label htmlFor={`verbalizer-${label}`}>{label}</label>
          <input
            id={`verbalizer-${label}`}
            value={(value[label] ?? []).join(', ')}
            onChange={(event) => onChange({ ...value, [label]: event.target.value.split(',').map((w) => w.trimStart()) })}
          />
        </div>
      ))}
    </div>
  );
}
