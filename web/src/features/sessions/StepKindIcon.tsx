import type { SVGProps } from 'react';
import { Icon } from '../../components/ui/icons';
import type { StepKind } from '../../../../shared/sessions';

type IconProps = SVGProps<SVGSVGElement> & { kind: StepKind };

const PATHS: Record<StepKind, string> = {
  question: 'M9.5 9a2.5 2.5 0 115 0c0 1.7-2.5 2-2.5 4M12 17h.01',
  action: 'M4 6l5 5-5 5M11 17h9',
  resolution_suggestion: 'M5 12.5l4.5 4.5L19 7',
  note: 'M5 4h10l4 4v12H5zM9 12h6M9 16h4',
  briefing: 'M4 5h16v10H8l-4 4z',
  status_update: 'M12 8v4l3 2M21 12a9 9 0 11-18 0 9 9 0 0118 0z',
};

/** Decorative icon per step kind; the kind is always also written out next to it. */
export function StepKindIcon({ kind, className = 'size-4', ...rest }: IconProps) {
  return (
    <Icon className={className} {...rest}>
      <path d={PATHS[kind] ?? PATHS.note} />
    </Icon>
  );
}
