/** A clock tests move by hand: retries, leases and pacing are checked without sleeping. */
export function manualClock(start = new Date()) {
  let ms = start.getTime();
  return {
    now: () => new Date(ms),
    advance: (by: number) => {
      ms += by;
    },
  };
}

export type ManualClock = ReturnType<typeof manualClock>;
