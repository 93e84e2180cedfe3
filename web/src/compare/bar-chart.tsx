// Horizontal bars of the metric per compared column, drawn in SVG so they print and export.
import { useI18n } from '../i18n/i18n.js';

export function BarChart({ bars, aggregate }: { bars: { name: string; value: number | null }[]; aggregate: string }) {
  const { t, percent } = useI18n();
  const rowHeight = 34;
  const labelWidth = 170;
  const width = 640;
  const barSpace = width - labelWidth - 70;
  const description = bars.map((bar) => `${bar.name}: ${bar.value === null ? t('compare.noResult') : percent(bar.value)}`).join('; ');
  return (
    <figure className="bar-chart">
      <figcaption>{t('compare.chartTitle', { aggregate })}</figcaption>
      <svg viewBox={`0 0 ${width} ${bars.length * rowHeight + 8}`} role="img" aria-label={description} data-testid="bar-chart">
        {bars.map((bar, index) => {
          const y = index * rowHeight + 4;
          const length = bar.value === null ? 0 : Math.max(2, bar.value * barSpace);
          return (
            <g key={bar.name + index}>
              <text x={labelWidth - 8} y={y + rowHeight / 2} textAnchor="end" dominantBaseline="middle" className="bar-name">
                {bar.name.length > 22 ? `${bar.name.slice(0, 21)}…` : bar.name}
              </text>
              <rect x={labelWidth} y={y + 5} width={barSpace} height={rowHeight - 12} rx={4} className="bar-bg" />
              <rect x={labelWidth} y={y + 5} width={length} height={rowHeight - 12} rx={4} className={`bar-value-rect c${index}`} />
              <text x={labelWidth + length + 6} y={y + rowHeight / 2} dominantBaseline="middle" className="bar-number">
                {bar.value === null ? t('compare.noResult') : percent(bar.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
