/** The BackwardPanel view (filled in by its feature). */
export function BackwardPanel() {
  return null;
}
