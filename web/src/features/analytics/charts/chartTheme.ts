/**
 * Chart colours as CSS variables, set on the chart wrapper and switched by the `dark` class, so the SVG
 * (fill="var(--chart-…)") follows the theme without re-rendering. Blue / orange / neutral slate stay
 * distinguishable with every common colour-vision deficiency, and lines also differ by dash and marker.
 * Each colour keeps at least 3:1 contrast with the card background in its theme.
 */
export const chartThemeClasses = [
  // Light: Okabe–Ito blue and vermillion on white, slate-700.
  '[--chart-blue:#0072b2] [--chart-orange:#c45500] [--chart-neutral:#334155]',
  '[--chart-grid:#e2e8f0] [--chart-tooltip-bg:#ffffff] [--chart-tooltip-border:#cbd5e1] [--chart-tooltip-text:#0f172a]',
  // Dark: sky blue and orange on slate-900, slate-300.
  'dark:[--chart-blue:#56b4e9] dark:[--chart-orange:#e69f00] dark:[--chart-neutral:#cbd5e1]',
  'dark:[--chart-grid:#334155] dark:[--chart-tooltip-bg:#0f172a] dark:[--chart-tooltip-border:#475569] dark:[--chart-tooltip-text:#f1f5f9]',
].join(' ');

export const CHART_COLORS = {
  escalations: 'var(--chart-blue)',
  timeToFirstAction: 'var(--chart-orange)',
  timeToClaim: 'var(--chart-neutral)',
  grid: 'var(--chart-grid)',
} as const;

/** Axis text inherits the wrapper's text colour (slate-600 / slate-300), readable in both themes. */
export const AXIS_TICK = { fill: 'currentColor', fontSize: 12 } as const;

export const TOOLTIP_BOX =
  'rounded-md border border-[var(--chart-tooltip-border)] bg-[var(--chart-tooltip-bg)] px-3 py-2 text-xs text-[var(--chart-tooltip-text)] shadow-lg';
