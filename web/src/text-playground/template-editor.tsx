// Instruction, input/output templates, separator and joiner: the text around the examples.
import type { TextProgram } from '../../../server/core/prompt-program.js';
import { useI18n } from '../i18n/i18n.js';
import { escapeVisible, unescapeVisible } from '../lib/escape-text.js';

type Props = { program: TextProgram; onChange: (program: TextProgram) => void; inputFields: string[] };

export function InstructionEditor({ program, onChange }: Omit<Props, 'inputFields'>) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor="instruction">{t('program.instruction')}</label>
      <textarea
        id="instruction"
        rows={4}
        value={program.instruction}
        placeholder={t('program.instructionPlaceholder')}
        onChange={(event) => onChange({ ...program, instruction: event.target.value })}
      />
    </div>
  );
}

export function TemplateEditor({ program, onChange, inputFields }: Props) {
  const { t } = useI18n();
  const template = program.template;
  const set = (patch: Partial<TextProgram['template']>) => onChange({ ...program, template: { ...template, ...patch } });
  const placeholders = inputFields.length === 1 ? '{input}' : inputFields.map((f) => `{${f}}`).join(' ');
  const outputMissing = !template.output.includes('{output}');
  return (
    <fieldset>
      <legend>{t('template.title')}</legend>
      <div className="field">
        <label htmlFor="template-input">{t('template.input')}</label>
        <textarea
          id="template-input"
          rows={2}
          value={template.input}
          onChange={(event) => set({ input: event.target.value })}
          aria-describedby="template-input-help"
        />
        <p id="template-input-help" className="help">
          {t('template.inputHelp', { placeholders })}
        </p>
      </div>
      <div className="field">
        <label htmlFor="template-output">{t('template.output')}</label>
        <input
          id="template-output"
          value={template.output}
          onChange={(event) => set({ output: event.target.value })}
          aria-invalid={outputMissing}
          aria-describedby="template-output-help"
        />
        <p id="template-output-help" className={outputMissing ? 'help error-text' : 'help'}>
          {outputMissing ? t('template.outputMissing') : t('template.outputHelp')}
        </p>
      </div>
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="template-separator">{t('template.separator')}</label>
          <input
            id="template-separator"
            className="mono"
            value={escapeVisible(template.separator)}
            onChange={(event) => set({ separator: unescapeVisible(event.target.value) })}
          />
        </div>
        <div className="field">
          <label htmlFor="template-joiner">{t('template.joiner')}</label>
          <input
            id="template-joiner"
            className="mono"
            value={escapeVisible(template.joiner)}
            onChange={(event) => set({ joiner: unescapeVisible(event.target.value) })}
          />
        </div>
      </div>
      <p className="help">{t('template.escapesHelp')}</p>
    </fieldset>
  );
}
