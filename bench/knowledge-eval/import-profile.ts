import type { RecordedRequest } from '../../tests/helpers/fake-connectwise';

export type PageTiming = {
  notes: number;
  totalMs: number;
  listMs: number;
  notesMs: number;
  commitMs: number;
};

/**
 * Where a PSA history import spends its time, read from the stand-in's log of arrivals alone (the
 * product is not instrumented). The worker runs a page as: list the page, check which tickets the
 * account already holds, read the notes of the others a few at a time, save them all in one
 * transaction, then list the next page. So between one list call and the first notes call lie the
 * list answer and the check; between the first and last notes call, the notes reads; from the last
 * notes call to the next list call, the last answer and the save and commit of the page.
 */
export function psaPageProfile(requests: RecordedRequest[], sent: number) {
  const get = requests.filter((r) => r.method === 'GET');
  const lists = get.filter((r) => r.path === '/service/tickets').sort((a, b) => a.at - b.at);
  const notes = get
    .filter((r) => /^\/service\/tickets\/\d+\/notes$/.test(r.path))
    .sort((a, b) => a.at - b.at);
  const pages: PageTiming[] = lists.map((list, k) => {
    const next = lists[k + 1]?.at ?? Infinity;
    const mine = notes.filter((n) => n.at >= list.at && n.at < next);
    if (mine.length === 0 || next === Infinity)
      return { notes: mine.length, totalMs: 0, listMs: 0, notesMs: 0, commitMs: 0 };
    const first = mine[0]!.at;
    const last = mine.at(-1)!.at;
    return {
      notes: mine.length,
      totalMs: next - list.at,
      listMs: first - list.at,
      notesMs: last - first,
      commitMs: next - last,
    };
  });
  return {
    counts: get.filter((r) => r.path === '/service/tickets/count').length,
    pageSize: Number(lists[0]?.query.get('pageSize') ?? 0),
    notesCalls: notes.length,
    startMs: (lists[0]?.at ?? sent) - sent,
    pages,
  };
}
