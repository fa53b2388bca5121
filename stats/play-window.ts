/** How many days "the last 30 days" covers. */
export const LAST_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * The "last 30 days" window at `now`, given when the community last played (`latestPlay`). While it
 * played within the window, the window is the 30 days up to `now`; when it has not (old data, a long
 * break), the window is the 30 days up to its latest round, and `anchoredAt` says so, so the board shows
 * the last month of play, labelled with its date, rather than nothing. Rounds count from `startsAt` on.
 */
export function lastDaysWindow(
  now: Date,
  latestPlay: Date | null,
): { startsAt: Date; anchoredAt: Date | null } {
  const fromNow = new Date(now.getTime() - LAST_DAYS * DAY_MS);
  if (latestPlay === null || latestPlay.getTime() >= fromNow.getTime())
    return { startsAt: fromNow, anchoredAt: null };
  return { startsAt: new Date(latestPlay.getTime() - LAST_DAYS * DAY_MS), anchoredAt: latestPlay };
}

/** The window's name for people: "Last 30 days", or "30 days to 2025-10-13 (latest play)". */
export function lastDaysName(window: { anchoredAt: Date | null }): string {
  return window.anchoredAt === null
    ? `Last ${LAST_DAYS} days`
    : `${LAST_DAYS} days to ${window.anchoredAt.toISOString().slice(0, 10)} (latest play)`;
}
