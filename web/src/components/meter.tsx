// A labelled usage meter (the native <meter> carries the value for assistive technology).
export function Meter({ label, value, max, text }: { label: string; value: number; max: number; text: string }) {
  const ratio = max > 0 ? Math.min(1, value / max) : 0;
  const level = ratio >= 0.9 ? 'high' : ratio >= 0.7 ? 'medium' : 'low';
  return (
    <div className="meter">
      <div className="meter-label">
        <span>{label}</span>
        <span className="muted">{text}</span>
      </div>
      <div className={`meter-track ${level}`} aria-hidden="true">
        <div className="meter-fill" style={{ width: `${ratio * 100}%` }} />
      </div>
      <meter className="visually-hidden" min={0} max={max || 1} value={Math.min(value, max || 1)} aria-label={`${label}: ${text}`} />
    </div>
  );
}
