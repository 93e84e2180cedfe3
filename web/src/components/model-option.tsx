// One model in a picker. A model the server says it cannot use is greyed (disabled) and labelled,
// so students see it exists but cannot choose it; the reason for staff is on the staff page only.
import type { ModelInfo } from '../../../server/core/model.js';
import { useI18n } from '../i18n/i18n.js';

export function ModelOption({ model, suffix = '' }: { model: ModelInfo; suffix?: string }) {
  const { t } = useI18n();
  const unavailable = model.available === false;
  return (
    <option value={model.id} disabled={unavailable}>
      {model.label}
      {suffix}
      {unavailable ? ` (${t('models.unavailable')})` : ''}
    </option>
  );
}

/** Under a picker whose selected model (an older draft's) cannot be used now. */
export function UnavailableModelNote({ model }: { model: ModelInfo | undefined }) {
  const { t } = useI18n();
  if (model?.available !== false) return null;
  return (
    <p className="help warning" role="note">
      {t('models.unavailableHelp')}
    </p>
  );
}
