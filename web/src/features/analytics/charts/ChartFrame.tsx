import { useId, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { Button } from '../../../components/ui/Button';
import { cx } from '../../../components/ui/cx';
import { chartThemeClasses } from './chartTheme';

export interface LegendItem {
  label: string;
  color: string;
  shape: 'bar' | 'line' | 'dashed';
}

interface ChartFrameProps {
  /** What the chart shows, used to name the "Show data" button, e.g. "escalations over time". */
  name: string;
  /** The chart's accessible name: a sentence summarising the data for people who cannot see it. */
  summary: string;
  legend?: readonly LegendItem[];
  /** The same numbers as an HTML table, shown on request. */
  table: ReactNode;
  children: ReactNode;
}

/**
 * Wraps a chart as one image with a spoken summary (the SVG inside is not navigable), adds an HTML
 * legend whose text keeps full contrast, and a "Show data" toggle revealing the numbers as a table.
 */
export function ChartFrame({ name, summary, legend, table, children }: ChartFrameProps) {
  const [showData, setShowData] = useState(false);
  const tableId = useId();
  const boxRef = useRef<HTMLDivElement>(null);
  const hasSize = useHasSize(boxRef);
  return (
    <div className={chartThemeClasses}>
      <div
        ref={boxRef}
        role="img"
        aria-label={summary}
        className="h-64 w-full min-w-0 text-slate-600 sm:h-72 dark:text-slate-300"
      >
        {hasSize && children}
      </div>
      <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
        {legend && (
          <ul
            aria-hidden="true"
            className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700 dark:text-slate-300"
          >
            {legend.map((item) => (
              <li key={item.label} className="flex items-center gap-1.5">
                <LegendSwatch {...item} />
                {item.label}
              </li>
            ))}
          </ul>
        )}
        <Button
          size="sm"
          variant="ghost"
          aria-expanded={showData}
          aria-controls={tableId}
          onClick={() => setShowData((open) => !open)}
          className="ml-auto"
        >
          {showData ? 'Hide data' : 'Show data'}
          <span className="sr-only"> for {name}</span>
        </Button>
      </div>
      <div id={tableId} hidden={!showData} className="mt-2">
        {showData && table}
      </div>
    </div>
  );
}

/**
 * Whether the box has been laid out with a real size. Charts wait for it: drawing into a 0×0 box (a
 * hidden tab, a test DOM without layout) only produces warnings.
 */
function useHasSize(ref: RefObject<HTMLElement | null>): boolean {
  const [hasSize, setHasSize] = useState(false);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const { width, height } = element.getBoundingClientRect();
      setHasSize(width > 0 && height > 0);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return hasSize;
}

function LegendSwatch({ color, shape }: LegendItem) {
  if (shape === 'bar') {
    return <span className="inline-block size-3 rounded-sm" style={{ background: color }} />;
  }
  return (
    <svg width="20" height="8" viewBox="0 0 20 8" className="shrink-0">
      <line
        x1="0"
        y1="4"
        x2="20"
        y2="4"
        stroke={color}
        strokeWidth="2.5"
        strokeDasharray={shape === 'dashed' ? '5 3' : undefined}
      />
      <circle cx="10" cy="4" r="2.5" fill={color} />
    </svg>
  );
}

/** A chart's data table; the caption names it for screen readers and stays visible as a heading here. */
export function ChartTable({
  caption,
  children,
  className,
}: {
  caption: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div
      className={cx(
        'max-h-80 overflow-auto rounded-md border border-slate-200 dark:border-slate-800',
        className,
      )}
    >
      <table className="w-full text-left text-sm tabular-nums">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export const thClasses =
  'sticky top-0 border-b border-slate-200 bg-slate-50 px-3 py-2 text-xs font-semibold text-slate-600 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400';
export const tdClasses =
  'border-b border-slate-100 px-3 py-2 text-slate-800 dark:border-slate-800 dark:text-slate-200';
