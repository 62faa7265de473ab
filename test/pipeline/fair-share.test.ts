// Water-filling split of the comment's character budget between stacks.
import { describe, expect, it } from "vitest";
import { fairShares } from "../../pipeline/comment/fair-share";

describe("fairShares", () => {
  it("gives every stack what it wants when the total covers it, exactly", () => {
    expect(fairShares([10, 20, 30], 60)).toEqual([10, 20, 30]);
  });

  it("one character short: the largest stack gives it up", () => {
    expect(fairShares([10, 20, 30], 59)).toEqual([10, 20, 29]);
  });

  it("passes what a small stack leaves over to the larger ones, in input order", () => {
    // Smallest first: the 5 takes 5 of its 30; the 50 then gets floor(85 / 2) = 42, the 100 the 43 left.
    expect(fairShares([100, 5, 50], 90)).toEqual([43, 5, 42]);
    expect(fairShares([50, 50], 101)).toEqual([50, 50]);
    expect(fairShares([50, 50], 99)).toEqual([49, 50]);
  });

  it("rounds equal shares down so the sum never exceeds the total", () => {
    const shares = fairShares([100, 100, 100], 100);
    expect(shares).toEqual([33, 33, 34]);
    expect(shares.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(100);
  });

  it("treats a negative total as nothing to share", () => {
    expect(fairShares([10, 20], -5)).toEqual([0, 0]);
    expect(fairShares([10, 20], 0)).toEqual([0, 0]);
    expect(fairShares([], 10)).toEqual([]);
  });
});
