import { createContext, useContext } from 'react';
import { IssueIndex } from '../issues';

export interface IssuesState {
  index: IssueIndex;
  /** False on a blank new form, so nobody is scolded for fields they have not reached yet. */
  visible: boolean;
}

export const IssuesContext = createContext<IssuesState>({ index: new IssueIndex([]), visible: false });

/** The message(s) for the field at `path`, once problems are being shown. */
export function useIssue(path: string): string | undefined {
  const { index, visible } = useContext(IssuesContext);
  return visible ? index.at(path) : undefined;
}

/** How many problems sit at or below `path`, for a badge on a part of the form. */
export function useIssueCount(path: string): number {
  const { index, visible } = useContext(IssuesContext);
  return visible ? index.under(path) : 0;
}
