// Splits a character budget between stacks: a stack that needs less than an equal share
// gets all it needs, and what it leaves over is shared among the rest (water-filling).
export function fairShares(wanted: readonly number[], total: number): number[] {
  const shares = wanted.map(() => 0);
  let remaining = Math.max(0, total);
  const order = wanted.map((size, index) => ({ size, index })).sort((a, b) => a.size - b.size);
  order.forEach(({ size, index }, position) => {
    const equalShare = Math.floor(remaining / (order.length - position));
    shares[index] = Math.min(size, equalShare);
    remaining -= shares[index];
  });
  return shares;
}
