/** The TrainingPanel view (filled in by its feature). */
export function TrainingPanel() {
  return null;
}
